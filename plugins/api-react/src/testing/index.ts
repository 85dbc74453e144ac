/**
 * Fakes for the tests of OpsSight's frontend plugins: a backend for API client
 * tests, and a permission API for test apps.
 *
 * @packageDocumentation
 */
export { fakeBackend, jsonResponse, errorResponse } from './fakeBackend';
export { fakePermissionApi } from './fakePermissionApi';
