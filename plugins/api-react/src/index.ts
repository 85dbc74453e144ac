/**
 * What every OpsSight API client in the browser shares: turning an error response
 * into a ResponseError that carries the server's message, and showing it.
 *
 * @packageDocumentation
 */
export { errorMessage, errorStatus, toResponseError } from './errors';
