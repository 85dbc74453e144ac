/**
 * Local sign-in sessions as one service of the backend process, shared by the
 * auth module, the root session guard and every plugin (the terminal): start,
 * check and end a session, and hear when one ends. The access backend
 * provides the implementation; this package holds no database.
 *
 * @packageDocumentation
 */
export {
  accessSessionsServiceRef,
  SESSION_CLAIM,
  sessionHandleOfToken,
  unverifiedTokenClaims,
} from './sessions';
export type {
  AccessSessionsService,
  FindSessionOptions,
  LocalSession,
  NewLocalSession,
  SessionEndReason,
  SessionsEndedEvent,
  SignInResult,
} from './sessions';
export { SESSION_COOKIE, sessionIdOf } from './sessionCookie';
