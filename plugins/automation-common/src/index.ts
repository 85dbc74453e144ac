/**
 * What the automation plugins share: permissions, the API's types and request
 * schemas (one file per part: projects, inventories, templates, runs,
 * schedules), surveys and the rules for variables.
 *
 * @packageDocumentation
 */
export * from './defaults';
export * from './permissions';
export * from './projects';
export * from './inventories';
export * from './templates';
export * from './runs';
export * from './schedules';
export * from './survey';
export * from './variables';
