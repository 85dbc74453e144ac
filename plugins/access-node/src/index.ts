/**
 * Backend helpers every OpsSight plugin uses to guard its routes and read
 * their requests.
 *
 * @packageDocumentation
 */
export { createRouteGuard } from './routeGuard';
export type { RouteGuard } from './routeGuard';
export {
  jsonBody,
  parseInput,
  readJsonBody,
  tooManyAttempts,
  TooManyAttemptsError,
} from './http';
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
