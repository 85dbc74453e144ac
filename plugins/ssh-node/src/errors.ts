/**
 * Why an SSH connection failed, in the words an operator would use.
 *
 * - `dns`: the host name does not resolve.
 * - `refused`: nothing accepts TCP connections on that address and port.
 * - `timeout`: no TCP connection or no completed handshake in time.
 * - `hostkey`: the server's host key differs from the pinned one.
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
  | 'protocol'
  | 'auth';

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

  constructor(
    kind: SshErrorKind,
    message: string,
    options: { cause?: unknown; fingerprint?: string | null } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SshError';
    this.kind = kind;
    this.fingerprint = options.fingerprint ?? null;
  }
}
