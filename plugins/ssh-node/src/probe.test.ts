import { execFile } from 'node:child_process';
import * as diagnostics from 'node:diagnostics_channel';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  freePort,
  sshKeygen,
  startGarbageListener,
  startSilentListener,
  startSshd,
  TestListener,
  TestSshd,
} from '@opssight/plugin-testing-node';
import { probeMany, probeSsh, ProbeResult } from './probe';
import { serverForSuite } from './__testUtils__/serverForSuite';

// Real daemons and key generation on a shared 2-core machine: Jest's 5 s
// default is too tight when other work is running.
jest.setTimeout(30_000);

const execFileAsync = promisify(execFile);

describe('probeSsh', () => {
  let sshd: TestSshd;
  let silent: TestListener;
  let garbage: TestListener;

  beforeAll(async () => {
    [sshd, silent, garbage] = await Promise.all([
      startSshd(),
      startSilentListener(),
      startGarbageListener(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([sshd?.stop(), silent?.stop(), garbage?.stop()]);
  });

  it('completes the key exchange without credentials and reports the host key', async () => {
    const result = await probeSsh({ host: sshd.host, port: sshd.port });

    expect(result).toEqual<ProbeResult>({
      reachable: true,
      sshOk: true,
      fingerprint: sshd.hostKeyFingerprint,
      hostPublicKey: sshd.hostPublicKey,
      latencyMs: expect.any(Number),
      errorKind: null,
      message: null,
    });
  });

  it('reports the fingerprint OpenSSH reports for the same server', async () => {
    const { stdout: scanned } = await execFileAsync('ssh-keyscan', [
      '-t',
      'ed25519',
      '-p',
      String(sshd.port),
      sshd.host,
    ]);
    const keyFile = `${sshd.clientKeyPath}.scanned`;
    await writeFile(keyFile, scanned);
    const { stdout: listed } = await execFileAsync('ssh-keygen', [
      '-lf',
      keyFile,
    ]);

    const result = await probeSsh({ host: sshd.host, port: sshd.port });

    expect(result.fingerprint).toBe(listed.split(' ')[1]);
  });

  it('logs in when given credentials', async () => {
    const result = await probeSsh({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
      expectedFingerprint: sshd.hostKeyFingerprint,
    });

    expect(result).toMatchObject({ sshOk: true, errorKind: null });
  });

  it('fails with auth when the credentials are rejected', async () => {
    const result = await probeSsh({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      // ssh-keygen's key: ssh2's own generator now and then writes one its parser rejects.
      privateKey: (
        await sshKeygen(await mkdtemp(join(tmpdir(), 'stranger-')), 'id', [
          '-t',
          'ed25519',
          '-N',
          '',
        ])
      ).privateKey,
    });

    expect(result).toEqual<ProbeResult>({
      reachable: true,
      sshOk: false,
      fingerprint: sshd.hostKeyFingerprint,
      hostPublicKey: sshd.hostPublicKey,
      latencyMs: expect.any(Number),
      errorKind: 'auth',
      message: expect.stringContaining(sshd.username),
    });
  });

  it('reports a closed port as unreachable and refused', async () => {
    const port = await freePort();

    const result = await probeSsh({ host: '127.0.0.1', port });

    expect(result).toEqual<ProbeResult>({
      reachable: false,
      sshOk: false,
      fingerprint: null,
      hostPublicKey: null,
      latencyMs: null,
      errorKind: 'refused',
      message: `connection to 127.0.0.1:${port} refused`,
    });
  });

  it('reports a silent server as a timeout within the configured time', async () => {
    const startedAt = Date.now();

    const result = await probeSsh({
      host: silent.host,
      port: silent.port,
      handshakeTimeoutMs: 1000,
    });

    const elapsed = Date.now() - startedAt;
    expect(result).toMatchObject({
      reachable: true,
      sshOk: false,
      fingerprint: null,
      errorKind: 'timeout',
    });
    // The latency is the TCP connect alone, not the wait for a handshake.
    expect(result.latencyMs).toBeLessThan(1000);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    // The default handshake timeout is 10 s; the slack is for a busy machine.
    expect(elapsed).toBeLessThan(3000);
  });

  it('reports a server that does not speak SSH as protocol', async () => {
    const result = await probeSsh({ host: garbage.host, port: garbage.port });

    expect(result).toMatchObject({
      reachable: true,
      sshOk: false,
      fingerprint: null,
      errorKind: 'protocol',
    });
    expect(result.message).toEqual(expect.any(String));
  });
});

describe('probeSsh when the host key changed', () => {
  const suiteSshd = serverForSuite(startSshd);

  it('fails with hostkey and shows the key the server presented', async () => {
    const sshd = suiteSshd();
    const pinned = sshd.hostKeyFingerprint;
    const presented = await sshd.regenerateHostKey();

    const result = await probeSsh({
      host: sshd.host,
      port: sshd.port,
      expectedFingerprint: pinned,
    });

    expect(result).toEqual<ProbeResult>({
      reachable: true,
      sshOk: false,
      fingerprint: presented,
      hostPublicKey: sshd.hostPublicKey,
      latencyMs: expect.any(Number),
      errorKind: 'hostkey',
      message: `host key CHANGED — possible interception: expected ${pinned}, server presented ${presented}`,
    });
  });
});

/**
 * Tracks the TCP client sockets this process holds open at once, through
 * Node's own instrumentation. A proxy on the server side cannot count this
 * exactly: it may see a new connection before the previous one's close.
 */
function watchClientSockets() {
  const open = new Set<Socket>();
  let peak = 0;
  const onSocket = (message: unknown) => {
    for (const socket of open) {
      if (socket.destroyed) {
        open.delete(socket);
      }
    }
    open.add((message as { socket: Socket }).socket);
    peak = Math.max(peak, open.size);
  };
  diagnostics.subscribe('net.client.socket', onSocket);
  return {
    peak: () => peak,
    stop: () => diagnostics.unsubscribe('net.client.socket', onSocket),
  };
}

describe('probeMany', () => {
  const suiteSshd = serverForSuite(startSshd);

  it('stays under the concurrency limit and returns results in input order', async () => {
    const sshd = suiteSshd();
    const closedPort = await freePort();
    const targets = Array.from({ length: 20 }, (_, index) => ({
      index,
      host: sshd.host,
      port: index % 3 === 2 ? closedPort : sshd.port,
    }));
    const reported = new Map<number, ProbeResult>();
    const sockets = watchClientSockets();

    const results = await probeMany(targets, {
      concurrency: 4,
      onResult: (target, result) => reported.set(target.index, result),
    }).finally(sockets.stop);

    expect(results.map(r => r.errorKind)).toEqual(
      targets.map(t => (t.port === closedPort ? 'refused' : null)),
    );
    expect(
      results.filter(r => r.fingerprint === sshd.hostKeyFingerprint),
    ).toHaveLength(14);
    expect(sockets.peak()).toBe(4);
    expect(targets.map(t => reported.get(t.index))).toEqual(results);
  });
});
