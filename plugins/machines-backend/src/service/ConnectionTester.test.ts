import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConnectionTestRun } from '@opssight/plugin-machines-common';
import { startSshd, TestSshd } from '@opssight/plugin-testing-node';
import { generateKeyPairSync } from 'node:crypto';
import { DatabaseMachinesStore } from '../database/DatabaseMachinesStore';
import { ConnectionTester } from './ConnectionTester';

jest.setTimeout(60_000);

describe('ConnectionTester credentials seam', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sshd: TestSshd;
  let store: DatabaseMachinesStore;

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  beforeEach(async () => {
    store = await DatabaseMachinesStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
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
  };

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
    });

    const good = new ConnectionTester(
      store,
      mockServices.logger.mock(),
      options,
      async () => ({
        username: sshd.username,
        privateKey: sshd.clientPrivateKey,
      }),
    );
    const ok = await finished(await good.start([machine], 'user:default/ops'));
    expect(ok.results[0]).toMatchObject({ sshOk: true, errorKind: null });

    const strangerKey = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const requested: string[] = [];
    const bad = new ConnectionTester(
      store,
      mockServices.logger.mock(),
      options,
      async (_m, by) => {
        requested.push(by);
        return { username: sshd.username, privateKey: strangerKey };
      },
    );
    const refused = await finished(
      await bad.start([machine], 'user:default/ops'),
    );
    expect(refused.results[0]).toMatchObject({
      reachable: true,
      sshOk: false,
      errorKind: 'auth',
    });
    expect(requested).toEqual(['user:default/ops']);
    expect((await store.getMachine(machine.id)).lastCheck).toMatchObject({
      errorKind: 'auth',
    });
  });
});
