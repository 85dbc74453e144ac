/**
 * The HTTP kit of every OpsSight backend router: identify → authorize → audit
 * (the route guard), JSON bodies, input parsing, throttling answers, and
 * calling another plugin's API on behalf of a caller.
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
export { callPluginApi } from './pluginApi';
export type { PluginApiCall } from './pluginApi';
