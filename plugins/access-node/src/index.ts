/**
 * Backend helpers every OpsSight plugin uses to guard its routes.
 *
 * @packageDocumentation
 */
export { createRouteGuard } from './routeGuard';
export type { RouteGuard } from './routeGuard';
