import { userInfo } from 'node:os';
import {
  authMethodsFor,
  endSession,
  openSocket,
  startSession,
} from './connect';
import { SshError, SshErrorKind } from './errors';
import { createLimiter } from './limiter';

const DEFAULT_CONCURRENCY = 32;

/** @public */
export interface ProbeSshOptions {
  host: string;
  port: number;
  /** The pinned host key; a different one makes the probe fail with `hostkey`. */
  expectedFingerprint?: string | null;
  connectTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  /**
   * Who to introduce the probe as; defaults to the user running the backend.
   * Pass the machine's login user, so server logs show an ordinary client.
   */
  username?: string;
  /** With credentials the probe also logs in, and a rejection is an `auth` failure. */
  privateKey?: string | Buffer;
  passphrase?: string;
  password?: string;
}

/**
 * What a probe found out about one SSH server.
 *
 * @public
 */
export interface ProbeResult {
  /** A TCP connection was established. */
  reachable: boolean;
  /** The handshake completed with an acceptable host key (and the credentials, if given, were accepted). */
  sshOk: boolean;
  /** The host key the server presented (`SHA256:…`), even when it was not the expected one. */
  fingerprint: string | null;
  /**
   * The same key in OpenSSH text form (`ssh-ed25519 AAAA…`), for a
   * known_hosts line; set whenever `fingerprint` is.
   */
  hostPublicKey: string | null;
  /** How long the TCP connection took to establish, in milliseconds. */
  latencyMs: number | null;
  /** A probe trusts any key when none is pinned: never `hostkey-unpinned`. */
  errorKind: Exclude<SshErrorKind, 'hostkey-unpinned'> | null;
  message: string | null;
}

/**
 * Checks that an SSH server answers and which host key it presents. Without
 * credentials it goes as far as the server's refusal to let an anonymous
 * user in, which proves the key exchange completed. It never rejects for
 * network conditions: they are described in the result.
 *
 * @public
 */
export async function probeSsh(options: ProbeSshOptions): Promise<ProbeResult> {
  let tcp;
  try {
    tcp = await openSocket(options);
  } catch (error) {
    return failed(error, { reachable: false, latencyMs: null });
  }

  const credentials = authMethodsFor(options);
  const anonymous = credentials[0] === 'none';
  try {
    const { client, fingerprint, hostPublicKey } = await startSession(
      tcp.socket,
      {
        ...options,
        username: options.username ?? userInfo().username,
        authMethods: credentials,
        keepaliveIntervalMs: 0,
      },
    );
    await endSession(client, tcp.socket);
    return succeeded(fingerprint, hostPublicKey, tcp.tcpConnectMs);
  } catch (error) {
    // Only a completed key exchange gets as far as an authentication answer.
    if (anonymous && error instanceof SshError && error.kind === 'auth') {
      return succeeded(
        error.fingerprint,
        error.hostPublicKey,
        tcp.tcpConnectMs,
      );
    }
    return failed(error, { reachable: true, latencyMs: tcp.tcpConnectMs });
  }
}

function succeeded(
  fingerprint: string | null,
  hostPublicKey: string | null,
  latencyMs: number,
): ProbeResult {
  return {
    reachable: true,
    sshOk: true,
    fingerprint,
    hostPublicKey,
    latencyMs,
    errorKind: null,
    message: null,
  };
}

function failed(
  error: unknown,
  connection: { reachable: boolean; latencyMs: number | null },
): ProbeResult {
  if (!(error instanceof SshError)) {
    throw error;
  }
  return {
    ...connection,
    sshOk: false,
    fingerprint: error.fingerprint,
    hostPublicKey: error.hostPublicKey,
    // The probe never asks for a pinned key, so this kind cannot occur.
    errorKind: error.kind === 'hostkey-unpinned' ? 'hostkey' : error.kind,
    message: error.message,
  };
}

/** @public */
export interface ProbeManyOptions<TTarget> {
  /** How many probes run at once; defaults to 32. */
  concurrency?: number;
  /** Called as each probe finishes, in completion order. */
  onResult?: (target: TTarget, result: ProbeResult) => void;
}

/**
 * Probes many servers concurrently, under a limit. Resolves to the results in
 * the order of `targets`.
 *
 * @public
 */
export function probeMany<TTarget extends ProbeSshOptions>(
  targets: readonly TTarget[],
  options: ProbeManyOptions<TTarget> = {},
): Promise<ProbeResult[]> {
  const limit = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  return Promise.all(
    targets.map(target =>
      limit(async () => {
        const result = await probeSsh(target);
        options.onResult?.(target, result);
        return result;
      }),
    ),
  );
}
