/**
 * The HTTP kit of every OpsSight backend router: identify → authorize → audit
 * (the route guard), JSON bodies, input parsing and throttling answers.
 *
 * @packageDocumentation
 */
export { createRouteGuard } from './routeGuard';
export type { AuditedEvent, AuditedOptions, RouteGuard } from './routeGuard';
export {
  jsonBody,
  parseInput,
  readJsonBody,
  tooManyAttempts,
  TooManyAttemptsError,
} from './http';
