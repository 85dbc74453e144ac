import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { isFinalJobStatus, Job, JobTarget } from '@opssight/plugin-jobs-common';
import { createJobEngine, JobEngine } from '@opssight/plugin-jobs-node';
import {
  connectionResultOf,
  ConnectionTestRequest,
  Machine,
} from '@opssight/plugin-machines-common';
import {
  startSshd,
  testDatabaseIds,
  TestSshd,
} from '@opssight/plugin-testing-node';
import {
  CredentialCheckout,
  CredentialSecret,
} from '@opssight/plugin-vault-node';
import { generateKeyPairSync } from 'node:crypto';
import { Knex } from 'knex';
import { DatabaseMachinesStore } from '../database/DatabaseMachinesStore';
import { connectionTestHandler } from './connectionTestHandler';
import { ConnectionTests, MachineCredentialsResolver } from './ConnectionTests';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const OPS = 'user:default/ops';
const options = {
  concurrency: 4,
  connectTimeoutMs: 2000,
  handshakeTimeoutMs: 4000,
  // The test sshd listens on a loopback port.
  allowOwnHost: true,
};

/** A checkout as the vault hands it out: sealed (here, a stand-in). */
function checkout(id: string, username: string): CredentialCheckout {
  return {
    id,
    name: `key ${id}`,
    kind: 'ssh-key',
    username,
    sealed: { keyId: 'k', iv: '', authTag: '', ciphertext: `sealed-${id}` },
  };
}

describe.each(databases.eachSupportedId())(
  'connection tests on the job engine (%p)',
  databaseId => {
    let sshd: TestSshd;
    let knex: Knex;
    let store: DatabaseMachinesStore;
    const engines: JobEngine[] = [];

    beforeAll(async () => {
      sshd = await startSshd();
    });
    afterAll(async () => {
      await sshd?.stop();
    });
    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseMachinesStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });
    afterEach(async () => {
      await Promise.all(engines.splice(0).map(e => e.stop()));
    });

    /** An engine of the machines plugin with the handler, started; one per replica. */
    async function replica(
      opened: Record<string, CredentialSecret> = {},
      handlerOptions: Partial<typeof options> = {},
    ) {
      const engine = await createJobEngine({
        pluginId: 'machines',
        database: mockServices.database({ knex, migrations: { skip: false } }),
        logger: mockServices.logger.mock(),
        heartbeatIntervalMs: 200,
        pollIntervalMs: 100,
        logFlushMs: 20,
        handlers: [
          connectionTestHandler({
            ...options,
            ...handlerOptions,
            store,
            logger: mockServices.logger.mock(),
            vault: {
              open: c => {
                const secret = opened[c.id];
                if (!secret) throw new Error('unknown key');
                return secret;
              },
            },
          }),
        ],
      });
      engines.push(engine);
      await engine.start();
      return engine;
    }

    function tests(engine: JobEngine, resolver?: MachineCredentialsResolver) {
      return new ConnectionTests(engine, options, resolver);
    }

    async function finished(
      engine: JobEngine,
      job: Job,
    ): Promise<{ job: Job; targets: JobTarget[] }> {
      for (let i = 0; i < 300; i++) {
        const current = await engine.get(job.id);
        if (current && isFinalJobStatus(current.status)) {
          return { job: current, targets: await engine.getTargets(job.id) };
        }
        await new Promise(r => setTimeout(r, 50));
      }
      throw new Error('the connection test did not finish');
    }

    function labMachine(ip = sshd.host): Promise<Machine> {
      return store.createMachine({
        ip,
        hostname: `lab-${ip}`,
        application: '',
        sshPort: sshd.port,
        sshUser: sshd.username,
        description: '',
        groups: [],
        tags: [],
        owner: 'group:default/ops',
        defaultCredentialId: null,
      });
    }

    function start(
      engine: JobEngine,
      machines: Machine[],
      resolver?: MachineCredentialsResolver,
      request: ConnectionTestRequest = { machineIds: machines.map(m => m.id) },
    ) {
      return tests(engine, resolver).start({
        machines,
        request,
        requestedBy: OPS,
        credentials: mockCredentials.user(OPS),
      });
    }

    it("does not connect to the portal's own host unless allowed", async () => {
      const machine = await labMachine();
      const refusing = await replica({}, { allowOwnHost: false });
      const refused = await finished(
        refusing,
        await start(refusing, [machine]),
      );
      expect(refused.job).toMatchObject({
        status: 'failed',
        progress: { total: 1, done: 1, failed: 1 },
      });
      expect(refused.targets[0]).toMatchObject({
        status: 'failed',
        errorKind: 'connect',
      });
      expect(connectionResultOf(refused.targets[0])).toMatchObject({
        reachable: false,
        sshOk: false,
        errorKind: 'refused',
        message: `Not tested: ${sshd.host} is a loopback address, which reaches the portal's own host; this portal does not connect there`,
      });
      await refusing.stop();

      const allowing = await replica();
      const allowed = await finished(
        allowing,
        await start(allowing, [machine]),
      );
      expect(connectionResultOf(allowed.targets[0])).toMatchObject({
        reachable: true,
      });
    });

    it('pins the host key with the key itself, and fills the key in for a machine pinned before it was kept', async () => {
      const machine = await labMachine();
      const engine = await replica();
      const test = async () =>
        finished(
          engine,
          await start(engine, [await store.getMachine(machine.id)]),
        );
      const pinned = {
        hostKeyFingerprint: sshd.hostKeyFingerprint,
        hostPublicKey: sshd.hostPublicKey,
      };

      const first = await test();
      expect(first.job.progress).toEqual({ total: 1, done: 1, failed: 0 });
      expect(await store.getMachine(machine.id)).toMatchObject(pinned);
      const logs = await engine.getLogs(first.job.id);
      expect(logs.map(c => c.text).join('')).toContain(
        `host key ${sshd.hostKeyFingerprint} (pinned now)`,
      );

      // As a portal that kept only the fingerprint left it.
      await store.setHostKeyFingerprint(machine.id, sshd.hostKeyFingerprint);
      expect((await store.getMachine(machine.id)).hostPublicKey).toBeNull();
      expect((await test()).job.progress.failed).toBe(0);
      expect(await store.getMachine(machine.id)).toMatchObject(pinned);
    });

    it('logs in with the checked-out credentials and reports a rejected key as an auth failure', async () => {
      const machine = await labMachine();
      const strangerKey = generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const engine = await replica({
        good: {
          kind: 'ssh-key',
          username: sshd.username,
          privateKey: sshd.clientPrivateKey,
        },
        stranger: {
          kind: 'ssh-key',
          username: sshd.username,
          privateKey: strangerKey,
        },
      });
      const requested: unknown[] = [];
      const resolverFor =
        (id: string): MachineCredentialsResolver =>
        async request => {
          requested.push(request.credentials);
          return {
            loginOf: new Map([
              [machine.id, { credentialId: id, username: sshd.username }],
            ]),
            checkouts: [checkout(id, sshd.username)],
          };
        };

      const ok = await finished(
        engine,
        await start(engine, [machine], resolverFor('good')),
      );
      expect(ok.targets[0]).toMatchObject({
        status: 'succeeded',
        errorKind: null,
        meta: { credentialId: 'good', username: sshd.username },
      });
      expect(connectionResultOf(ok.targets[0])).toMatchObject({
        sshOk: true,
        errorKind: null,
        credentialId: 'good',
      });

      const refused = await finished(
        engine,
        await start(engine, [machine], resolverFor('stranger')),
      );
      expect(refused.targets[0]).toMatchObject({
        status: 'failed',
        errorKind: 'auth',
      });
      expect(connectionResultOf(refused.targets[0])).toMatchObject({
        reachable: true,
        sshOk: false,
        errorKind: 'auth',
        credentialId: 'stranger',
      });
      expect(requested).toEqual([
        mockCredentials.user(OPS),
        mockCredentials.user(OPS),
      ]);
      expect((await store.getMachine(machine.id)).lastCheck).toMatchObject({
        errorKind: 'auth',
      });
      // The sealed checkouts are gone with the job's end; nothing keeps them.
      const [{ n }] = await knex('opssight_job_secrets').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('creates no job when the credentials cannot be had', async () => {
      const machine = await labMachine();
      const engine = await replica();
      await expect(
        start(engine, [machine], async () => {
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect((await engine.list({})).totalCount).toBe(0);
    });

    it('runs each test exactly once across replicas, one result per machine', async () => {
      const machines = [
        await labMachine('127.0.0.1'),
        await labMachine('127.0.0.2'),
      ];
      const a = await replica();
      const b = await replica();
      const jobs = [];
      for (let i = 0; i < 6; i++) {
        jobs.push(await start(i % 2 ? a : b, machines));
      }
      for (const job of jobs) {
        const done = await finished(a, job);
        expect(done.targets.map(t => t.status)).toEqual([
          expect.stringMatching(/^(succeeded|failed)$/),
          expect.stringMatching(/^(succeeded|failed)$/),
        ]);
        // One log line per machine: a second worker would have written its own.
        const lines = (await a.getLogs(job.id))
          .filter(c => c.target !== null)
          .map(c => c.text);
        expect(lines).toHaveLength(2);
      }
    });
  },
);
