/**
 * Helpers for OpsSight backend tests: a private OpenSSH server, misbehaving
 * TCP listeners, the list of databases to run store tests on, real SSH keys,
 * and test-backend services (on-behalf-of auth, captured logs).
 *
 * @packageDocumentation
 */

export { startSshd } from './sshd';
export type { StartSshdOptions, TestSshd } from './sshd';
export {
  freePort,
  startGarbageListener,
  startSilentListener,
  startTcpProxy,
} from './listeners';
export type { TestListener, TestTcpProxy } from './listeners';
export { rowValuesAsText, testDatabaseIds } from './databases';
export { eachDatabase, expectMigrationsUpDownUp, storeTest } from './stores';
export type { TestDatabase, TestKnex, TestStore } from './stores';
export {
  auditEvents,
  captureLogs,
  expectErrorAnswer,
  jsonLinesLogger,
  onBehalfOfAuth,
  pluginProbe,
  recordAudit,
  recordEvents,
  serviceProbe,
} from './backend';
export {
  catalogTestConfig,
  eventually,
  expectAcceptedResource,
  testCatalog,
} from './catalog';
export type { TestCatalog, TestCatalogWait } from './catalog';
export type { AuditEntry, AuditRecord } from './backend';
export { followConnectionTest, parseServerSentEvents } from './connectionTests';
export type { FinishedConnectionTest } from './connectionTests';
export { serveForTest } from './http';
export { sshKeygen } from './keys';
export { readOpenApiYaml } from './openapi';
export { rolePermissions } from './permissions';
export { TEST_ROLES, TEST_USERS, testVaultConfig } from './users';
export { fakeKubeApp, parseLabelSelector, startFakeKubeApi } from './kubeApi';
export type {
  FakeKubeApi,
  FakeKubeNode,
  FakeKubeObject,
  FakeKubeRequest,
} from './kubeApi';
