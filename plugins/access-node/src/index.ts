/**
 * Local sign-in sessions as a service every backend plugin and the auth
 * module share: whether a session is live, and word when it ends.
 *
 * @packageDocumentation
 */
export {
  accessSessionsServiceRef,
  DefaultAccessSessionsService,
  SESSION_CLAIM,
  sessionHandleOfToken,
  unverifiedTokenClaims,
} from './sessions';
export type {
  AccessSessionsService,
  SessionEndReason,
  SessionsEndedEvent,
} from './sessions';
