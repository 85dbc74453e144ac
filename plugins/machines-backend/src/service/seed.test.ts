import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededCredentialId } from '@opssight/plugin-vault-node';
import { DatabaseMachinesStore } from '../database/DatabaseMachinesStore';
import { seedMachines } from './seed';

describe('seedMachines', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('seeds the demo machines once, at the demo sshd port and user and with the seeded default credential when given', async () => {
    const store = await DatabaseMachinesStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
        migrations: { skip: false },
      }),
    });
    const dir = await mkdtemp(join(tmpdir(), 'opssight-seed-'));
    try {
      const file = join(dir, 'machines.csv');
      await writeFile(
        file,
        'ip,hostname,application,groups,tags\n127.0.1.1,web-1,shop,web,\n127.0.2.1,db-1,shop,db,\n',
      );
      const options = {
        store,
        logger: mockServices.logger.mock(),
        file,
        owner: 'group:default/ops',
        sshPort: 22022,
        sshUser: 'demo',
        defaultCredentialId: seededCredentialId('demo-ssh'),
      };
      const demoSsh = options.defaultCredentialId;
      await seedMachines(options);
      await seedMachines(options);
      const { items } = await store.listMachines({});
      expect(
        items.map(m => [
          m.hostname,
          m.ip,
          m.sshPort,
          m.sshUser,
          m.owner,
          m.defaultCredentialId,
        ]),
      ).toEqual([
        ['db-1', '127.0.2.1', 22022, 'demo', 'group:default/ops', demoSsh],
        ['web-1', '127.0.1.1', 22022, 'demo', 'group:default/ops', demoSsh],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
