/**
 * Sign-in with OpsSight's local accounts: the `opssight` auth provider
 * (password, session cookie, forced password change) and the root session
 * guard that ties every request to a live session.
 *
 * @packageDocumentation
 */
export { authModuleOpsSightProvider as default } from './module';
export { rootHttpRouterWithSessionGuard } from './rootHttpRouter';
export { createSessionGuard } from './sessionGuard';
export { createLocalSignInProviderFactory, PROVIDER_ID } from './provider';
export type { LocalSessionInfo } from './provider';
export { SESSION_CLAIM } from './claims';
