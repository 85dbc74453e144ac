/**
 * The OpsSight access backend: local accounts with roles, password checks with
 * throttling, sessions, the admin API, and a catalog module publishing the
 * accounts as Users of the role Groups.
 *
 * @packageDocumentation
 */
export { accessPlugin as default } from './plugin';
export {
  AccessService,
  INITIAL_ADMIN,
  ownershipRefs,
  readSessionSettings,
  sessionHandle,
  userEntityRef,
} from './service/AccessService';
export type {
  NewUser,
  PasswordCheckResult,
  SessionSettings,
  UserProfile,
  ValidSession,
} from './service/AccessService';
export { SESSION_COOKIE, sessionIdOf } from './service/sessionCookie';
export { catalogModuleAccessUsers } from './catalog/module';
