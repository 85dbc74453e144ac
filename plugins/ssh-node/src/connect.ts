import { connect as netConnect, isIP, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  AuthenticationType,
  Client,
  KexAlgorithm,
  ParsedKey,
  utils,
} from 'ssh2';
import { Ssh2Connection, SshConnection } from './connection';
import { HOST_KEY_PROBLEM, SshError } from './errors';
import { abortError } from './exec';
import { fingerprintOf, publicKeyTextOf } from './fingerprint';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
const DEFAULT_KEEPALIVE_INTERVAL_MS = 15_000;
const CLOSE_GRACE_MS = 1_000;

// curve25519 first: it is the cheapest exchange and every current OpenSSH
// offers it. ssh2's defaults minus the rarely used groups; no SHA-1.
const KEX_ALGORITHMS: KexAlgorithm[] = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
];

const DNS_ERROR_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
]);
const UNREACHABLE_ERROR_CODES = new Set([
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
]);

/** @public */
export interface SshCredentials {
  username: string;
  /** OpenSSH, PKCS#1 or PKCS#8 private key text. */
  privateKey?: string | Buffer;
  /** Decrypts `privateKey` when it is encrypted. */
  passphrase?: string;
  password?: string;
}

/** @public */
export interface ConnectSshOptions extends SshCredentials {
  host: string;
  port: number;
  /**
   * The pinned host key (`SHA256:…`). When set, a server presenting any other
   * key is rejected before authentication, with an `SshError` of kind `hostkey`.
   */
  expectedFingerprint?: string | null;
  /**
   * Refuse a host without `expectedFingerprint`, before any traffic, with an
   * `SshError` of kind `hostkey-unpinned`: for callers that never trust a key
   * on first use (runs, terminals). Connection tests, which pin keys, leave it off.
   */
  requirePinnedHostKey?: boolean;
  /** Name resolution plus TCP connect; defaults to 5000 ms. */
  connectTimeoutMs?: number;
  /** Key exchange plus authentication; defaults to 10000 ms. */
  handshakeTimeoutMs?: number;
  /**
   * SSH-level keepalive once connected; defaults to 15000 ms. After three
   * unanswered keepalives the connection is dropped.
   */
  keepaliveIntervalMs?: number;
  /**
   * Aborting it while connecting drops the connection attempt and rejects with
   * an `AbortError` (cause: the signal's reason). It does not close a
   * connection already returned.
   */
  signal?: AbortSignal;
}

/**
 * Opens an authenticated SSH connection. Rejects with an {@link SshError}
 * that says why when it cannot.
 *
 * @public
 */
export async function connectSsh(
  options: ConnectSshOptions,
): Promise<SshConnection> {
  if (options.requirePinnedHostKey && !options.expectedFingerprint) {
    throw new SshError(
      'hostkey-unpinned',
      `${HOST_KEY_PROBLEM.unpinned} (${options.host}:${options.port})`,
    );
  }
  const { socket, tcpConnectMs } = await openSocket(options);
  const session = await startSession(socket, {
    ...options,
    authMethods: authMethodsFor(options),
  });
  return new Ssh2Connection(session.client, {
    fingerprint: session.fingerprint,
    tcpConnectMs,
    target: `${options.host}:${options.port}`,
  });
}

/** The authentication methods worth offering with the given credentials. */
export function authMethodsFor(
  credentials: Omit<SshCredentials, 'username'>,
): AuthenticationType[] {
  const methods: AuthenticationType[] = [];
  if (credentials.privateKey !== undefined) {
    methods.push('publickey');
  }
  if (credentials.password !== undefined) {
    methods.push('password');
  }
  return methods.length > 0 ? methods : ['none'];
}

/**
 * Establishes the TCP connection on its own, so that its duration is known
 * apart from name resolution and the SSH handshake.
 */
export function openSocket(options: {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}): Promise<{ socket: Socket; tcpConnectMs: number }> {
  const { host, port, signal } = options;
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (signal?.aborted) {
    return Promise.reject(abortError(signal));
  }

  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    let resolved = isIP(host) !== 0;
    let attemptStartedAt = performance.now();

    // Emitted for every address tried, after name resolution.
    socket.on('connectionAttempt', () => {
      resolved = true;
      attemptStartedAt = performance.now();
    });

    // Aborted once connected or failed: removes the abort listener.
    const over = new AbortController();
    const timer = setTimeout(() => {
      over.abort();
      socket.destroy();
      reject(
        resolved
          ? new SshError(
              'timeout',
              `no TCP connection to ${host}:${port} within ${timeoutMs} ms`,
            )
          : new SshError(
              'dns',
              `could not resolve ${host} within ${timeoutMs} ms`,
            ),
      );
    }, timeoutMs);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        socket.destroy();
        reject(abortError(signal));
      },
      { once: true, signal: over.signal },
    );

    const onError = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      over.abort();
      reject(connectError(error, host, port));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      over.abort();
      socket.off('error', onError);
      const elapsed = performance.now() - attemptStartedAt;
      resolve({ socket, tcpConnectMs: Math.round(elapsed * 10) / 10 });
    });
  });
}

function connectError(
  error: NodeJS.ErrnoException,
  host: string,
  port: number,
): SshError {
  // With several addresses for one name, Node reports an AggregateError.
  const code =
    error.code ??
    (error as Partial<AggregateError>).errors?.[0]?.code ??
    'unknown error';
  if (DNS_ERROR_CODES.has(code)) {
    return new SshError('dns', `could not resolve ${host} (${code})`, {
      cause: error,
    });
  }
  if (UNREACHABLE_ERROR_CODES.has(code)) {
    return new SshError('timeout', `${host}:${port} is unreachable (${code})`, {
      cause: error,
    });
  }
  return new SshError(
    'refused',
    code === 'ECONNREFUSED'
      ? `connection to ${host}:${port} refused`
      : `could not connect to ${host}:${port} (${code})`,
    { cause: error },
  );
}

export interface SessionOptions extends SshCredentials {
  host: string;
  port: number;
  expectedFingerprint?: string | null;
  handshakeTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  /** Tried in this order; the handshake fails once all were rejected. */
  authMethods: AuthenticationType[];
  signal?: AbortSignal;
}

/**
 * Runs the SSH handshake over a connected socket. On failure the socket is
 * destroyed and the returned promise rejects with an {@link SshError}.
 */
export function startSession(
  socket: Socket,
  options: SessionOptions,
): Promise<{ client: Client; fingerprint: string; hostPublicKey: string }> {
  const target = `${options.host}:${options.port}`;
  const handshakeTimeoutMs =
    options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const expected = options.expectedFingerprint || null;
  const { signal } = options;
  if (signal?.aborted) {
    socket.destroy();
    return Promise.reject(abortError(signal));
  }

  // Parsed once here: a bad key fails before any connection, and ssh2 is
  // handed the parsed key (it would parse the text again for every connection).
  let key: ParsedKey | undefined;
  if (options.privateKey !== undefined) {
    const parsed = utils.parseKey(options.privateKey, options.passphrase);
    if (parsed instanceof Error) {
      socket.destroy();
      return Promise.reject(
        new SshError(
          'auth',
          `the private key cannot be used: ${parsed.message}`,
        ),
      );
    }
    key = Array.isArray(parsed) ? parsed[0] : parsed;
  }

  return new Promise((resolve, reject) => {
    const client = new Client();
    const methodsToTry = [...options.authMethods];
    let presented: string | null = null;
    let presentedKey: string | null = null;
    let serverMethods: string[] | null = null;
    let settled = false;

    // Aborted once the handshake is over: removes the abort listener.
    const over = new AbortController();

    const fail = (error: Error) => {
      if (!settled) {
        settled = true;
        over.abort();
        client.destroy();
        reject(error);
      }
    };
    signal?.addEventListener('abort', () => fail(abortError(signal)), {
      once: true,
      signal: over.signal,
    });

    const classify = (error: Error & { level?: string }): SshError => {
      const details = {
        cause: error,
        fingerprint: presented,
        hostPublicKey: presentedKey,
      };
      if (expected && presented && presented !== expected) {
        return new SshError(
          'hostkey',
          `${HOST_KEY_PROBLEM.changed}: expected ${expected}, server presented ${presented}`,
          details,
        );
      }
      switch (error.level) {
        case 'client-timeout':
          return new SshError(
            'timeout',
            `no SSH handshake with ${target} within ${handshakeTimeoutMs} ms`,
            details,
          );
        case 'client-authentication': {
          const accepted = serverMethods
            ? ` (the server accepts: ${serverMethods.join(', ')})`
            : '';
          return new SshError(
            'auth',
            `${target} did not accept ${options.username}${accepted}`,
            details,
          );
        }
        default:
          return new SshError(
            'protocol',
            `${target} did not complete an SSH handshake: ${error.message}`,
            details,
          );
      }
    };

    // ssh2 can report several errors for one failure and throws when an
    // 'error' has no listener, so this one stays for the client's lifetime.
    client.on('error', error => fail(classify(error)));
    client.on('close', () =>
      fail(
        new SshError(
          'protocol',
          `${target} closed the connection during the SSH handshake`,
          { fingerprint: presented, hostPublicKey: presentedKey },
        ),
      ),
    );
    client.once('ready', () => {
      settled = true;
      over.abort();
      resolve({
        client,
        fingerprint: presented!,
        hostPublicKey: presentedKey!,
      });
    });

    client.connect({
      sock: socket,
      username: options.username,
      password: options.password,
      readyTimeout: handshakeTimeoutMs,
      keepaliveInterval:
        options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
      algorithms: { kex: KEX_ALGORITHMS },
      // Called with the raw key blob (no hostHash), before authentication:
      // a mismatch must end the connection before any credential is sent.
      hostVerifier: (hostKey: Buffer) => {
        presented = fingerprintOf(hostKey);
        presentedKey = publicKeyTextOf(hostKey);
        return !expected || presented === expected;
      },
      // ssh2 stops when this returns false; its types only allow void.
      authHandler: (methodsLeft: AuthenticationType[] | null) => {
        if (methodsLeft) {
          serverMethods = methodsLeft;
        }
        const method = methodsToTry.shift();
        if (method === 'publickey' && key) {
          return { type: 'publickey', username: options.username, key };
        }
        return method ?? false;
      },
    });
  });
}

/**
 * Says goodbye politely, but does not wait for a peer that never closes its
 * side for longer than a moment.
 */
export function endSession(client: Client, socket: Socket): Promise<void> {
  if (socket.destroyed) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    client.end();
  });
}
