/**
 * Access: the admins' "Users" page (local accounts, their roles and passwords)
 * and the access backend's API client, which the password-change screen shares.
 *
 * @packageDocumentation
 */
export { accessPlugin as default, passwordSettingsModule } from './plugin';
export { accessApiRef, AccessClient } from './api';
export type { AccessApi, LocalUserProfile, NewLocalUser } from './api';
export { signInModule } from './signIn';
