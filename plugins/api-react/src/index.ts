/**
 * What every OpsSight API client in the browser shares: the one request helper
 * (discovery, fetchApi, JSON, and an error response turned into a ResponseError
 * that carries the server's message) and showing such errors; saving a fetched
 * file; the confirmation dialog the plugins ask with; and, for their tests, a
 * fake permission API.
 *
 * @packageDocumentation
 */
export { errorMessage, errorStatus, toResponseError } from './errors';
export { createApiFetcher, queryString } from './apiFetcher';
export type {
  ApiClientOptions,
  ApiFetcher,
  ApiQuery,
  ApiRequest,
} from './apiFetcher';
export { saveFile } from './saveFile';
export { ConfirmDialog } from './components/ConfirmDialog';
export { fakePermissionApi } from './testing/fakePermissionApi';
