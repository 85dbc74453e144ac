export * from './AutomationApi';
export { AutomationClient } from './AutomationClient';
