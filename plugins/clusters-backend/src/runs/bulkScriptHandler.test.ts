import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { BulkRunParams } from '@opssight/plugin-clusters-common';
import { Job, JobTarget } from '@opssight/plugin-jobs-common';
import {
  createJobEngine,
  JobEngine,
  JobSlots,
} from '@opssight/plugin-jobs-node';
import {
  freePort,
  sshKeygen,
  startSilentListener,
  startSshd,
  testDatabaseIds,
  TestListener,
  TestSshd,
} from '@opssight/plugin-testing-node';
import {
  CredentialCheckout,
  DefaultVaultService,
  sealSecretFields,
  VaultCipher,
} from '@opssight/plugin-vault-node';
import { Knex } from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkScriptHandler, RunTargetMeta } from './bulkScriptHandler';

// Real sshd sessions and a real engine on a shared 2-core machine.
jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });
const vaultKey = { id: 'test', secret: randomBytes(32) };
const cipher = new VaultCipher([vaultKey]);

/** The vault's `open`, with the test's key: what the worker decrypts with. */
const vault = DefaultVaultService.create({
  config: mockServices.rootConfig({
    data: {
      vault: {
        keys: [{ id: vaultKey.id, secret: vaultKey.secret.toString('base64') }],
      },
    },
  }),
  logger: mockServices.logger.mock(),
  discovery: mockServices.discovery(),
  auth: mockServices.auth(),
});

/** What the vault's checkout answers for an SSH key: ciphertext only. */
function sealedKey(username: string, privateKey: string): JsonObject {
  const id = randomUUID();
  const checkout: CredentialCheckout = {
    id,
    kind: 'ssh-key',
    username,
    sealed: sealSecretFields(cipher, id, { privateKey }),
  };
  return checkout as unknown as JsonObject;
}

function params(overrides: Partial<BulkRunParams> = {}): BulkRunParams {
  return {
    script: 'echo hello',
    snippetName: null,
    credentialId: randomUUID(),
    sudo: false,
    concurrency: 50,
    timeoutSeconds: 30,
    targets: { machineIds: [] },
    clusterId: null,
    ...overrides,
  };
}

function host(
  key: string,
  meta: Omit<RunTargetMeta, 'machineId' | 'hostname'>,
): { key: string; label: string; meta: JsonObject } {
  return {
    key,
    label: `${key} (${meta.ip})`,
    meta: { machineId: key, hostname: key, ...meta },
  };
}

async function waitForEnd(engine: JobEngine, id: string): Promise<Job> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const job = (await engine.get(id))!;
    if (!['queued', 'running'].includes(job.status)) {
      return job;
    }
    if (Date.now() > deadline) {
      throw new Error(`job ${id} is still ${job.status}`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

function byKey(targets: JobTarget[]): Record<string, JobTarget> {
  return Object.fromEntries(targets.map(t => [t.key, t]));
}

/** Every host's stdout as the log streamed it, by target. */
async function liveOutput(engine: JobEngine, id: string) {
  const chunks = await engine.getLogs(id, { limit: 1000 });
  const out: Record<string, string> = {};
  for (const chunk of chunks) {
    if (chunk.target && chunk.stream === 'stdout') {
      out[chunk.target] = (out[chunk.target] ?? '') + chunk.text;
    }
  }
  return { chunks, out };
}

describe('bulkScriptHandler against a real sshd', () => {
  let sshd: TestSshd;
  let silent: TestListener;
  let closedPort: number;

  beforeAll(async () => {
    // One daemon on several loopback addresses: each address is a "host",
    // and the script tells them apart by the server address in SSH_CONNECTION.
    sshd = await startSshd({
      listenAddresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'],
    });
    silent = await startSilentListener();
    closedPort = await freePort();
  });

  afterAll(async () => {
    await silent?.stop();
    await sshd?.stop();
  });

  describe.each(databases.eachSupportedId())('with the engine on %p', id => {
    let knex: Knex;
    let engine: JobEngine;

    beforeEach(async () => {
      knex = await databases.init(id);
      engine = await createJobEngine({
        pluginId: 'clusters',
        database: { getClient: async () => knex, migrations: { skip: false } },
        logger: mockServices.logger.mock(),
        handlers: [
          bulkScriptHandler({
            vault,
            connectTimeoutMs: 1500,
            handshakeTimeoutMs: 1500,
          }),
        ],
        globalLimiter: new JobSlots(10),
        heartbeatIntervalMs: 200,
        pollIntervalMs: 200,
        logFlushMs: 20,
        abortGraceMs: 2000,
      });
      await engine.start();
    });

    afterEach(async () => {
      await engine?.stop();
    });

    const pinned = () => sshd.hostKeyFingerprint;
    const enqueue = (
      p: BulkRunParams,
      targets: ReturnType<typeof host>[],
      secret = sealedKey(sshd.username, sshd.clientPrivateKey),
    ) =>
      engine.enqueue({
        kind: 'bulk-script',
        title: 'test run',
        params: p,
        targets,
        createdBy: 'user:default/alice',
        secret,
      });

    it('runs the script on every host and says per host why it failed', async () => {
      const script = [
        'server=$(echo "$SSH_CONNECTION" | cut -d" " -f3)',
        'echo "hello from $server"',
        'case "$server" in',
        '  127.0.0.2) sleep 30 ;;',
        '  127.0.0.3) echo "disk full on $server" >&2; exit 3 ;;',
        'esac',
        'echo done',
      ].join('\n');
      const port = sshd.port;
      const job = await enqueue(params({ script, timeoutSeconds: 2 }), [
        host('ok', {
          ip: '127.0.0.1',
          sshPort: port,
          hostKeyFingerprint: pinned(),
        }),
        host('slow', {
          ip: '127.0.0.2',
          sshPort: port,
          hostKeyFingerprint: pinned(),
        }),
        host('failing', {
          ip: '127.0.0.3',
          sshPort: port,
          hostKeyFingerprint: pinned(),
        }),
        host('ok-too', {
          ip: '127.0.0.4',
          sshPort: port,
          hostKeyFingerprint: pinned(),
        }),
        host('down', {
          ip: '127.0.0.1',
          sshPort: closedPort,
          hostKeyFingerprint: pinned(),
        }),
        host('silent', {
          ip: silent.host,
          sshPort: silent.port,
          hostKeyFingerprint: pinned(),
        }),
        host('impostor', {
          ip: '127.0.0.1',
          sshPort: port,
          hostKeyFingerprint:
            'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        }),
        host('unpinned', {
          ip: '127.0.0.1',
          sshPort: port,
          hostKeyFingerprint: null,
        }),
      ]);

      const ended = await waitForEnd(engine, job.id);

      expect(ended.status).toBe('failed');
      expect(ended.progress).toEqual({ total: 8, done: 8, failed: 6 });
      const targets = byKey(await engine.getTargets(job.id));
      expect(targets.ok).toMatchObject({
        status: 'succeeded',
        exitCode: 0,
        stdout: 'hello from 127.0.0.1\ndone\n',
        stderr: '',
        errorKind: null,
      });
      expect(targets['ok-too']).toMatchObject({
        status: 'succeeded',
        stdout: 'hello from 127.0.0.4\ndone\n',
      });
      expect(targets.failing).toMatchObject({
        status: 'failed',
        exitCode: 3,
        stdout: 'hello from 127.0.0.3\n',
        stderr: 'disk full on 127.0.0.3\n',
        errorKind: 'exec',
        errorMessage: 'the script exited with code 3',
      });
      // It answered, and ran past its per-host time.
      expect(targets.slow).toMatchObject({
        status: 'failed',
        exitCode: null,
        errorKind: 'timeout',
        errorMessage: 'the command did not finish within 2000 ms',
      });
      expect(targets.down).toMatchObject({
        status: 'failed',
        errorKind: 'connect',
        errorMessage: `connection to 127.0.0.1:${closedPort} refused`,
      });
      // Accepts TCP, never speaks SSH: it cannot be reached as an SSH server.
      expect(targets.silent).toMatchObject({
        status: 'failed',
        errorKind: 'connect',
      });
      expect(targets.silent.errorMessage).toContain('no SSH handshake');
      expect(targets.impostor).toMatchObject({
        status: 'failed',
        errorKind: 'hostkey-changed',
      });
      expect(targets.impostor.errorMessage).toMatch(
        /^host key CHANGED — possible interception: expected /,
      );
      expect(targets.impostor.errorMessage).toContain(
        `server presented ${pinned()}`,
      );
      // A host never pinned is not an interception: its own kind and words.
      expect(targets.unpinned).toMatchObject({
        status: 'failed',
        errorKind: 'hostkey-unpinned',
      });
      expect(targets.unpinned.errorMessage).toMatch(
        /^host key not pinned — run a connection test first/,
      );
      expect(targets.unpinned.errorMessage).not.toMatch(
        /changed|mismatch|interception/i,
      );
      for (const target of Object.values(targets)) {
        expect(target.durationMs).toEqual(expect.any(Number));
        expect(target.startedAt).not.toBeNull();
        expect(target.finishedAt).not.toBeNull();
      }
      // The per-host timeout bounds the slow host, not more.
      expect(targets.slow.durationMs).toBeGreaterThanOrEqual(1900);
      expect(targets.slow.durationMs).toBeLessThan(10_000);

      const { chunks, out } = await liveOutput(engine, job.id);
      expect(out).toEqual({
        ok: 'hello from 127.0.0.1\ndone\n',
        'ok-too': 'hello from 127.0.0.4\ndone\n',
        failing: 'hello from 127.0.0.3\n',
        slow: 'hello from 127.0.0.2\n',
      });
      expect(chunks).toContainEqual(
        expect.objectContaining({
          stream: 'stderr',
          target: 'failing',
          text: 'disk full on 127.0.0.3\n',
        }),
      );
      const system = chunks
        .filter(c => c.stream === 'system')
        .map(c => c.text)
        .join('');
      expect(system).toContain(
        'impostor (127.0.0.1): hostkey-changed: host key CHANGED — possible interception',
      );
      expect(system).toContain('Done: 2 of 8 host(s) succeeded, 6 failed (');
      for (const count of [
        '2 connect',
        '1 hostkey-changed',
        '1 hostkey-unpinned',
        '1 exec',
        '1 timeout',
      ]) {
        expect(system).toContain(count);
      }
    });

    it('runs at most `concurrency` hosts at a time', async () => {
      const script = 'date +%s.%N; sleep 0.7; date +%s.%N';
      const targets = Array.from({ length: 6 }, (_, i) =>
        host(`h${i}`, {
          ip: `127.0.0.${(i % 4) + 1}`,
          sshPort: sshd.port,
          hostKeyFingerprint: pinned(),
        }),
      );
      const job = await enqueue(params({ script, concurrency: 2 }), targets);

      expect((await waitForEnd(engine, job.id)).status).toBe('succeeded');
      // The servers' own clock: when each script started and ended.
      const spans = (await engine.getTargets(job.id)).map(t => {
        const [start, end] = t.stdout.trim().split('\n').map(Number);
        return { start, end };
      });
      const mostAtOnce = Math.max(
        ...spans.map(
          ({ start }) =>
            spans.filter(s => s.start <= start && start < s.end).length,
        ),
      );
      expect(mostAtOnce).toBe(2);
    });

    it('stops starting hosts and ends the running scripts when cancelled', async () => {
      const targets = Array.from({ length: 4 }, (_, i) =>
        host(`h${i}`, {
          ip: '127.0.0.1',
          sshPort: sshd.port,
          hostKeyFingerprint: pinned(),
        }),
      );
      const job = await enqueue(
        params({ script: 'echo started; sleep 30', concurrency: 2 }),
        targets,
      );
      for (;;) {
        const { out } = await liveOutput(engine, job.id);
        if (Object.keys(out).length === 2) break;
        await new Promise(r => setTimeout(r, 50));
      }
      const cancelledAt = Date.now();

      await engine.cancel(job.id, {
        actor: job.createdBy,
        mayActOnOthers: async () => false,
      });
      const ended = await waitForEnd(engine, job.id);

      expect(ended.status).toBe('cancelled');
      expect(Date.now() - cancelledAt).toBeLessThan(5000);
      const results = byKey(await engine.getTargets(job.id));
      expect(results.h0).toMatchObject({ status: 'cancelled' });
      expect(results.h1).toMatchObject({ status: 'cancelled' });
      // Never started.
      expect(results.h2).toMatchObject({
        status: 'cancelled',
        startedAt: null,
      });
      expect(results.h3).toMatchObject({
        status: 'cancelled',
        startedAt: null,
      });
    });

    it('fails every host with auth when the credential is not accepted', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'opssight-runs-'));
      try {
        const stranger = await sshKeygen(dir, 'stranger', [
          '-t',
          'ed25519',
          '-N',
          '',
        ]);
        const job = await enqueue(
          params(),
          [
            host('a', {
              ip: '127.0.0.1',
              sshPort: sshd.port,
              hostKeyFingerprint: pinned(),
            }),
            host('b', {
              ip: '127.0.0.2',
              sshPort: sshd.port,
              hostKeyFingerprint: pinned(),
            }),
          ],
          sealedKey(sshd.username, stranger.privateKey),
        );

        await waitForEnd(engine, job.id);

        const results = await engine.getTargets(job.id);
        expect(results.map(t => [t.status, t.errorKind])).toEqual([
          ['failed', 'auth'],
          ['failed', 'auth'],
        ]);
        expect(results[0].errorMessage).toContain(
          `did not accept ${sshd.username}`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("logs in as the machine's SSH user with a credential that has no username; a host with neither fails saying so", async () => {
      const job = await enqueue(
        params({ script: 'echo "as-$(id -un)"' }),
        [
          host('a', {
            ip: '127.0.0.1',
            sshPort: sshd.port,
            sshUser: sshd.username,
            hostKeyFingerprint: pinned(),
          }),
          host('b', {
            ip: '127.0.0.2',
            sshPort: sshd.port,
            sshUser: '',
            hostKeyFingerprint: pinned(),
          }),
        ],
        sealedKey('', sshd.clientPrivateKey),
      );

      await waitForEnd(engine, job.id);

      const results = byKey(await engine.getTargets(job.id));
      expect(results.a).toMatchObject({ status: 'succeeded', exitCode: 0 });
      expect(results.a.stdout).toBe(`as-${sshd.username}\n`);
      expect(results.b).toMatchObject({ status: 'failed', errorKind: 'auth' });
      expect(results.b.errorMessage).toBe(
        'b (127.0.0.2) has no SSH user and the credential has no username, so there is nobody to log in as: set the SSH user on the machine, or a username on the credential',
      );
      const { chunks } = await liveOutput(engine, job.id);
      expect(chunks[0].text).toContain(`as ${sshd.username}, (nobody)`);
    });

    it('fails the run, not a host, when its sealed credential does not open', async () => {
      const otherCipher = new VaultCipher([
        { id: 'elsewhere', secret: randomBytes(32) },
      ]);
      const checkout: CredentialCheckout = {
        id: randomUUID(),
        kind: 'password',
        username: sshd.username,
        sealed: sealSecretFields(otherCipher, 'x', {
          password: 'hunter2-secret',
        }),
      };
      const job = await enqueue(
        params({ sudo: true }),
        [
          host('a', {
            ip: '127.0.0.1',
            sshPort: sshd.port,
            hostKeyFingerprint: pinned(),
          }),
        ],
        checkout as unknown as JsonObject,
      );

      const ended = await waitForEnd(engine, job.id);

      expect(ended.status).toBe('failed');
      expect(ended.error).toContain(
        `credential '${checkout.id}' could not be decrypted on this backend`,
      );
      const logs = JSON.stringify(await engine.getLogs(job.id));
      expect(logs).not.toContain('hunter2-secret');
    });
  });
});
