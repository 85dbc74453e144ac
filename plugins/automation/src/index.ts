/**
 * Automation: Ansible projects (stored and versioned, or from git),
 * inventories from the machine registry or static text, templates with
 * surveys, schedules, and live runs with their host × task results.
 *
 * @packageDocumentation
 */
export { automationPlugin as default } from './plugin';
export { automationApiRef, AutomationClient } from './api';
export type { AutomationApi } from './api';
