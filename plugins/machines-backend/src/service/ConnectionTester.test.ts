import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConnectionTestRun } from '@opssight/plugin-machines-common';
import { startSshd, TestSshd } from '@opssight/plugin-testing-node';
import { generateKeyPairSync } from 'node:crypto';
import { Knex } from 'knex';
import { DatabaseMachinesStore } from '../database/DatabaseMachinesStore';
import { ConnectionTester } from './ConnectionTester';

jest.setTimeout(60_000);

describe('ConnectionTester credentials seam', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sshd: TestSshd;
  let store: DatabaseMachinesStore;
  let knex: Knex;

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    store = await DatabaseMachinesStore.create({
      database: mockServices.database({
        knex,
        migrations: { skip: false },
      }),
    });
  });

  async function finished(run: ConnectionTestRun): Promise<ConnectionTestRun> {
    for (let i = 0; i < 100; i++) {
      const current = await store.getTestRun(run.id);
      if (current.status === 'completed') return current;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error('run did not finish');
  }

  const options = {
    concurrency: 4,
    connectTimeoutMs: 2000,
    handshakeTimeoutMs: 4000,
    // The test sshd listens on a loopback port.
    allowOwnHost: true,
  };

  it("does not connect to the portal's own host unless allowed", async () => {
    const machine = await store.createMachine({
      ip: sshd.host,
      hostname: 'lab',
      application: '',
      sshPort: sshd.port,
      sshUser: sshd.username,
      description: '',
      groups: [],
      tags: [],
      owner: 'group:default/ops',
      defaultCredentialId: null,
    });
    const request = {
      machines: [machine],
      requestedBy: 'user:default/ops',
      credentials: mockCredentials.user('user:default/ops'),
    };
    const refused = await finished(
      await new ConnectionTester(store, mockServices.logger.mock(), {
        ...options,
        allowOwnHost: false,
      }).start(request),
    );
    expect(refused.failed).toBe(1);
    expect(refused.results[0]).toMatchObject({
      reachable: false,
      sshOk: false,
      errorKind: 'refused',
      message: `Not tested: ${sshd.host} is a loopback address, which reaches the portal's own host; this portal does not connect there`,
    });

    const allowed = await finished(
      await new ConnectionTester(
        store,
        mockServices.logger.mock(),
        options,
      ).start(request),
    );
    expect(allowed.results[0]).toMatchObject({ reachable: true });
  });

  it('keeps the host public key on first pin, and fills it in for a machine pinned before it was kept', async () => {
    const machine = await store.createMachine({
      ip: sshd.host,
      hostname: 'lab',
      application: '',
      sshPort: sshd.port,
      sshUser: sshd.username,
      description: '',
      groups: [],
      tags: [],
      owner: 'group:default/ops',
      defaultCredentialId: null,
    });
    const tester = new ConnectionTester(
      store,
      mockServices.logger.mock(),
      options,
    );
    const test = async () =>
      finished(
        await tester.start({
          machines: [await store.getMachine(machine.id)],
          requestedBy: 'user:default/ops',
          credentials: mockCredentials.user('user:default/ops'),
        }),
      );
    const pinned = {
      hostKeyFingerprint: sshd.hostKeyFingerprint,
      hostPublicKey: sshd.hostPublicKey,
    };

    expect((await test()).failed).toBe(0);
    expect(await store.getMachine(machine.id)).toMatchObject(pinned);

    // As a portal that kept only the fingerprint left it.
    await store.setHostKeyFingerprint(machine.id, sshd.hostKeyFingerprint);
    expect((await store.getMachine(machine.id)).hostPublicKey).toBeNull();
    expect((await test()).failed).toBe(0);
    expect(await store.getMachine(machine.id)).toMatchObject(pinned);
  });

  it('logs in with the resolved credentials and reports a rejected key as an auth failure', async () => {
    const machine = await store.createMachine({
      ip: sshd.host,
      hostname: 'lab',
      application: '',
      sshPort: sshd.port,
      sshUser: sshd.username,
      description: '',
      groups: [],
      tags: [],
      owner: 'group:default/ops',
      defaultCredentialId: null,
    });
    const credentials = mockCredentials.user('user:default/ops');
    const start = (tester: ConnectionTester) =>
      tester.start({
        machines: [machine],
        requestedBy: 'user:default/ops',
        credentials,
      });

    const good = new ConnectionTester(
      store,
      mockServices.logger.mock(),
      options,
      async () =>
        new Map([
          [
            machine.id,
            {
              credentialId: 'good',
              username: sshd.username,
              privateKey: sshd.clientPrivateKey,
            },
          ],
        ]),
    );
    const ok = await finished(await start(good));
    expect(ok.results[0]).toMatchObject({
      sshOk: true,
      errorKind: null,
      credentialId: 'good',
    });

    const strangerKey = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const requested: unknown[] = [];
    const bad = new ConnectionTester(
      store,
      mockServices.logger.mock(),
      options,
      async request => {
        requested.push(request.credentials);
        return new Map([
          [
            machine.id,
            {
              credentialId: 'stranger',
              username: sshd.username,
              privateKey: strangerKey,
            },
          ],
        ]);
      },
    );
    const refused = await finished(await start(bad));
    expect(refused.results[0]).toMatchObject({
      reachable: true,
      sshOk: false,
      errorKind: 'auth',
      credentialId: 'stranger',
    });
    expect(requested).toEqual([credentials]);
    expect((await store.getMachine(machine.id)).lastCheck).toMatchObject({
      errorKind: 'auth',
    });
  });

  it('creates no run when the credentials cannot be had', async () => {
    const machine = await store.createMachine({
      ip: sshd.host,
      hostname: 'lab',
      application: '',
      sshPort: sshd.port,
      sshUser: sshd.username,
      description: '',
      groups: [],
      tags: [],
      owner: 'group:default/ops',
      defaultCredentialId: null,
    });
    const tester = new ConnectionTester(
      store,
      mockServices.logger.mock(),
      options,
      async () => {
        throw new Error('refused');
      },
    );
    await expect(
      tester.start({
        machines: [machine],
        requestedBy: 'user:default/ops',
        credentials: mockCredentials.user('user:default/ops'),
      }),
    ).rejects.toThrow('refused');
    expect(await knex('connection_test_runs').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
  });
});
