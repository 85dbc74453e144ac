/**
 * Types, validation and catalog conventions shared by the machines plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './validation';
export * from './entity';
export * from './permissions';
export * from './sshLogin';
export * from './connectionTests';
export * from './knownHosts';
