/**
 * The OpsSight access backend: local accounts with roles and the admin API
 * (the `access` plugin), and the sign-in sessions every other part of the
 * backend shares (`accessSessionsServiceFactory`, the implementation of
 * access-node's `accessSessionsServiceRef`), both on one database pool.
 *
 * @packageDocumentation
 */
export { accessPlugin as default } from './plugin';
export { accessSessionsServiceFactory } from './services';
