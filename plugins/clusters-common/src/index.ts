/**
 * Types, permissions, validation and catalog conventions shared by the
 * clusters plugins (backend, frontend, catalog and scaffolder modules).
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './entity';
export * from './validation';
export * from './sha256';
