/**
 * What the automation plugins share: permissions, surveys and the rules for
 * variables.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './survey';
export * from './variables';
