/**
 * The kit of every OpsSight backend plugin: its router set up (typed by its
 * OpenAPI spec, JSON bodies, the services it is made of), identify → authorize
 * → audit (the route guard), input parsing, throttling answers, calling
 * another plugin's API on behalf of a caller, and its stores' migrations.
 *
 * @packageDocumentation
 */
export { createRouteGuard } from './routeGuard';
export type {
  AuditedEvent,
  AuditedOptions,
  RouteGuard,
  RouteGuardOptions,
} from './routeGuard';
export { createPluginRouter, pluginServices } from './pluginRouter';
export type { PluginRouterOptions } from './pluginRouter';
export {
  drainedOrClosed,
  jsonBody,
  parseInput,
  readJsonBody,
  tooManyAttempts,
  TooManyAttemptsError,
} from './http';
export { callPluginApi } from './pluginApi';
export { isUniqueViolation, migratedStore, pageOfRows } from './store';
export type { RowPage } from './store';
export type { PluginApiCall } from './pluginApi';
