/**
 * Helpers for OpsSight backend tests: a private OpenSSH server, misbehaving
 * TCP listeners and the list of databases to run store tests on.
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
export { testDatabaseIds } from './databases';
