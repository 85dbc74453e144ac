/**
 * Roles and the role matrix of OpsSight, shared by the access plugins and the
 * permission policy.
 *
 * @packageDocumentation
 */
export * from './roles';
