/**
 * The one place in OpsSight that speaks SSH: connections with timeouts,
 * keepalive and a pinned host key, and probes of many servers at once.
 *
 * @packageDocumentation
 */

export { connectSsh } from './connect';
export type { ConnectSshOptions, SshCredentials } from './connect';
export type { SshConnection } from './connection';
export type { ExecOptions, ExecResult } from './exec';
export type { ShellOptions, SshShell } from './shell';
export { HOST_KEY_PROBLEM, SshError } from './errors';
export type { SshErrorKind } from './errors';
export { fingerprintOf, publicKeyTextOf } from './fingerprint';
export {
  parsePrivateKey,
  SshKeyError,
  type ParsedPrivateKey,
  type SshKeyErrorKind,
} from './keys';
export { createLimiter } from './limiter';
export type { Limiter } from './limiter';
export { probeMany, probeSsh } from './probe';
export type { ProbeManyOptions, ProbeResult, ProbeSshOptions } from './probe';
