/**
 * Types, permissions and query validation shared by the audit trail's
 * backend and frontend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './query';
