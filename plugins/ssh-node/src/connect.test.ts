import { mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  sshKeygen,
  startGarbageListener,
  startSilentListener,
  startSshd,
  startTcpProxy,
  TestListener,
  TestSshd,
  TestTcpProxy,
} from '@opssight/plugin-testing-node';
import { connectSsh, ConnectSshOptions } from './connect';
import { SshConnection } from './connection';
import { SshError } from './errors';
import { serverForSuite } from './__testUtils__/serverForSuite';

// Real daemons and key generation on a shared 2-core machine: Jest's 5 s
// default is too tight when other work is running.
jest.setTimeout(30_000);

const runningAsRoot = userInfo().username === 'root';

/** Whether the condition holds within two seconds. */
async function eventually(condition: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 40; i++) {
    if (await condition()) {
      return true;
    }
    await sleep(50);
  }
  return condition();
}

/** The SshError a connection attempt ended with. */
async function connectError(options: ConnectSshOptions): Promise<SshError> {
  const connection = await connectSsh(options).catch(error => error);
  if (!(connection instanceof SshError)) {
    if ('close' in connection) {
      connection.close();
    }
    throw new Error(`expected an SshError, got ${connection}`);
  }
  return connection;
}

describe('connectSsh against a real sshd', () => {
  let sshd: TestSshd;
  let connection: SshConnection;

  const login = () => ({
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.clientPrivateKey,
  });

  beforeAll(async () => {
    sshd = await startSshd();
    connection = await connectSsh({
      ...login(),
      expectedFingerprint: sshd.hostKeyFingerprint,
    });
  });

  afterAll(async () => {
    connection?.close();
    await sshd?.stop();
  });

  it('logs in with the pinned host key and runs a command', async () => {
    expect(connection.fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(connection.tcpConnectMs).toBeGreaterThanOrEqual(0);

    await expect(connection.exec('echo hello')).resolves.toEqual({
      exitCode: 0,
      signal: null,
      stdout: 'hello\n',
      stderr: '',
      truncated: false,
    });
  });

  it('reports exit codes, stderr and signals', async () => {
    await expect(
      connection.exec('echo oops >&2; exit 3'),
    ).resolves.toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: '',
      stderr: 'oops\n',
    });
    await expect(connection.exec('kill -TERM $$')).resolves.toMatchObject({
      exitCode: null,
      signal: 'SIGTERM',
    });
  });

  it('gives the command end-of-file on stdin', async () => {
    await expect(connection.exec('wc -c')).resolves.toMatchObject({
      exitCode: 0,
      stdout: '0\n',
    });
  });

  it('stops waiting for a command that outlives its timeout', async () => {
    const startedAt = Date.now();

    const error = await connection
      .exec('sleep 10', { timeoutMs: 500 })
      .catch(e => e);

    expect(error).toBeInstanceOf(SshError);
    expect(error.kind).toBe('timeout');
    // sleep runs 10 s; the slack is for a busy machine.
    expect(Date.now() - startedAt).toBeLessThan(3000);
    await expect(connection.exec('echo still here')).resolves.toMatchObject({
      stdout: 'still here\n',
    });
  });

  it('asks the server to kill the timed-out command', async () => {
    const command = `sleep 10.${process.pid}`;
    await connection.exec(command, { timeoutMs: 300 }).catch(() => {});

    const killed = async () =>
      (await connection.exec(`pgrep -f -x '${command}'`)).exitCode === 1;
    // OpenSSH honours signal requests only in privilege-separated sessions,
    // which root's are not; it logs its refusal instead.
    const refusalLogged = () => sshd.log().includes('session_signal_req');

    expect(await eventually(runningAsRoot ? refusalLogged : killed)).toBe(true);
  });

  it('keeps at most maxOutputBytes of each stream and says so', async () => {
    const result = await connection.exec(
      "head -c 100000 /dev/zero | tr '\\0' a; echo done >&2",
      { maxOutputBytes: 1000 },
    );

    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.stdout).toBe('a'.repeat(1000));
    expect(result.stderr).toBe('done\n');
  });

  it('fails with auth for a key the server does not know', async () => {
    // ssh-keygen's key: ssh2's own generator now and then writes one its parser rejects.
    const stranger = await sshKeygen(
      await mkdtemp(join(tmpdir(), 'stranger-')),
      'id',
      ['-t', 'ed25519', '-N', ''],
    );

    const error = await connectError({
      ...login(),
      privateKey: stranger.privateKey,
    });

    expect(error.kind).toBe('auth');
    expect(error.message).toContain(sshd.username);
    expect(error.message).toContain('publickey');
    expect(error.fingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it('fails with auth for a private key it cannot read', async () => {
    const error = await connectError({ ...login(), privateKey: 'not a key' });

    expect(error.kind).toBe('auth');
    expect(error.message).not.toContain('not a key');
  });
});

describe('connectSsh when the host key changed', () => {
  const suiteSshd = serverForSuite(startSshd);

  it('refuses to continue and names both keys', async () => {
    const sshd = suiteSshd();
    const pinned = sshd.hostKeyFingerprint;
    const presented = await sshd.regenerateHostKey();

    const error = await connectError({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
      expectedFingerprint: pinned,
    });

    expect(error.kind).toBe('hostkey');
    expect(error.message).toBe(
      `host key CHANGED — possible interception: expected ${pinned}, server presented ${presented}`,
    );
    expect(error.fingerprint).toBe(presented);
  });

  it('refuses a host without a pinned key before connecting, when asked to, in other words', async () => {
    const sshd = suiteSshd();
    const error = await connectError({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
      expectedFingerprint: null,
      requirePinnedHostKey: true,
    });

    expect(error.kind).toBe('hostkey-unpinned');
    expect(error.message).toBe(
      `host key not pinned — run a connection test first (${sshd.host}:${sshd.port})`,
    );
    expect(error.message).not.toMatch(/changed|interception|mismatch/i);
    expect(error.fingerprint).toBeNull();
  });
});

describe('connectSsh when the network fails', () => {
  const options = {
    username: 'nobody',
    connectTimeoutMs: 1000,
    handshakeTimeoutMs: 1000,
  };
  let silent: TestListener;
  let garbage: TestListener;

  beforeAll(async () => {
    silent = await startSilentListener();
    garbage = await startGarbageListener();
  });

  afterAll(async () => {
    await silent?.stop();
    await garbage?.stop();
  });

  it('reports a closed port as refused', async () => {
    const port = await freePort();

    const error = await connectError({ ...options, host: '127.0.0.1', port });

    expect(error.kind).toBe('refused');
    expect(error.message).toBe(`connection to 127.0.0.1:${port} refused`);
  });

  it('reports an unknown host name as dns', async () => {
    const error = await connectError({
      ...options,
      host: 'no-such-host.invalid',
      port: 22,
    });

    expect(error.kind).toBe('dns');
    expect(error.message).toContain('no-such-host.invalid');
  });

  it('reports a server that never answers as timeout, on time', async () => {
    const startedAt = Date.now();

    const error = await connectError({
      ...options,
      host: silent.host,
      port: silent.port,
    });

    const elapsed = Date.now() - startedAt;
    expect(error.kind).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    // The default handshake timeout is 10 s; the slack is for a busy machine.
    expect(elapsed).toBeLessThan(3000);
  });

  it('reports a server that does not speak SSH as protocol', async () => {
    const error = await connectError({
      ...options,
      host: garbage.host,
      port: garbage.port,
    });

    expect(error.kind).toBe('protocol');
    expect(error.fingerprint).toBeNull();
  });
});

describe('SshConnection keepalive', () => {
  let sshd: TestSshd;
  let proxy: TestTcpProxy;

  beforeAll(async () => {
    sshd = await startSshd();
    proxy = await startTcpProxy(sshd);
  });

  afterAll(async () => {
    await proxy?.stop();
    await sshd?.stop();
  });

  it('notices a peer that went silent and fails the running command', async () => {
    const connection = await connectSsh({
      host: proxy.host,
      port: proxy.port,
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
      keepaliveIntervalMs: 100,
    });
    try {
      const running = connection.exec('sleep 30').catch(e => e);
      await new Promise(resolve => setTimeout(resolve, 200));
      proxy.freeze();

      const error = await running;

      expect(error).toBeInstanceOf(SshError);
      expect(error.kind).toBe('timeout');
      await expect(connection.exec('true')).rejects.toThrow(SshError);
    } finally {
      connection.close();
    }
  });
});
