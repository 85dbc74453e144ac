/**
 * Roles and the role matrix of OpsSight, the access permissions and the local
 * account type, shared by the access plugins and the permission policy.
 *
 * @packageDocumentation
 */
export * from './roles';
export * from './permissions';
export * from './users';
