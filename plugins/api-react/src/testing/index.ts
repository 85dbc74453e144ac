/**
 * Fakes for the tests of OpsSight's frontend plugins: a backend for API client
 * tests, the errors clients throw, a permission API answering for a role, and
 * a test app rendered for a role.
 *
 * @packageDocumentation
 */
export {
  fakeBackend,
  jsonResponse,
  errorResponse,
  apiError,
} from './fakeBackend';
export {
  fakePermissionApi,
  rolePermissionApi,
  type TestRole,
} from './fakePermissionApi';
export { renderAsRole, type RenderAsRoleOptions } from './renderAsRole';
export {
  clientTest,
  expectSent,
  expectQuery,
  expectApiError,
  type ClientTestApis,
  type SentRequestRow,
} from './clientTest';
export {
  userEvent,
  failingWith,
  waitForLastCall,
  expectPagesOf25,
  openDialog,
  clickWhenEnabled,
  submit,
  expectNoButtons,
  expectText,
  setDateRange,
  captureDownloads,
  captureDownloadsOfEachTest,
  expectEachText,
} from './pageTest';
export { expectRoleGated } from './expectRoleGated';
export {
  choose,
  retype,
  expectButtons,
  expectTexts,
  expectLinks,
  expectOptions,
} from './formSteps';
export { maker, fakeApi, hoursAgo } from './fakeApi';
export { expectPlugin, expectResourceTab } from './pluginTest';
