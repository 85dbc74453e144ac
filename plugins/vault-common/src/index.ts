/**
 * Types, validation and permissions shared by the credential vault's packages.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './validation';
export * from './destinations';
export * from './permissions';
