/**
 * Why an SSH connection failed, in the words an operator would use.
 *
 * - `dns`: the host name does not resolve.
 * - `refused`: nothing accepts TCP connections on that address and port.
 * - `timeout`: no TCP connection or no completed handshake in time.
 * - `hostkey`: the host key CHANGED: the server presented another key than the
 *   pinned one, which is what an interception looks like (or a reinstall).
 * - `hostkey-unpinned`: no host key is pinned for the host yet, and the caller
 *   asked for one (`requirePinnedHostKey`); nothing was sent to the host. A
 *   connection test pins it. Not a security incident: say so differently.
 * - `protocol`: something answered, but not as an SSH server would.
 * - `auth`: the server rejected the credentials, or they could not be used.
 *
 * @public
 */
export type SshErrorKind =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'hostkey'
  | 'hostkey-unpinned'
  | 'protocol'
  | 'auth';

/**
 * The words for the two host-key failures, the same wherever they are shown
 * (runs, connection tests, terminals), so that a missing pin never reads like
 * an interception.
 *
 * @public
 */
export const HOST_KEY_PROBLEM = {
  unpinned: 'host key not pinned — run a connection test first',
  changed: 'host key CHANGED — possible interception',
} as const;

/**
 * Every error this library rejects with. Messages never contain secrets.
 *
 * @public
 */
export class SshError extends Error {
  readonly kind: SshErrorKind;
  /**
   * The host key the server presented (`SHA256:…`), when the failure came
   * after the key exchange; for `hostkey` errors, the key that did not match.
   */
  readonly fingerprint: string | null;
  /** The same key in OpenSSH text form (`ssh-ed25519 AAAA…`), when `fingerprint` is set. */
  readonly hostPublicKey: string | null;

  constructor(
    kind: SshErrorKind,
    message: string,
    options: {
      cause?: unknown;
      fingerprint?: string | null;
      hostPublicKey?: string | null;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SshError';
    this.kind = kind;
    this.fingerprint = options.fingerprint ?? null;
    this.hostPublicKey = options.hostPublicKey ?? null;
  }
}
