/**
 * What every OpsSight API client in the browser shares: turning an error response
 * into a ResponseError that carries the server's message, and showing it; the
 * confirmation dialog the plugins ask with; and, for their tests, a fake
 * permission API.
 *
 * @packageDocumentation
 */
export { errorMessage, errorStatus, toResponseError } from './errors';
export { ConfirmDialog } from './components/ConfirmDialog';
export { fakePermissionApi } from './testing/fakePermissionApi';
