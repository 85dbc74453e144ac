/**
 * What the automation plugins share: surveys and the rules for variables.
 * (Its permissions come with the plugin's routes, which register them.)
 *
 * @packageDocumentation
 */
export * from './survey';
export * from './variables';
