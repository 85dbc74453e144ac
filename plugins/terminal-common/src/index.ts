/**
 * Types, permissions and the WebSocket protocol shared by the terminal plugins.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './protocol';
export * from './types';
