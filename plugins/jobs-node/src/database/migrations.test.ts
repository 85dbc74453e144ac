import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eachDatabase } from '@opssight/plugin-testing-node';
import { MIGRATIONS_TABLE } from './JobStore';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@opssight/plugin-jobs-node',
  'migrations',
);
const tables = [
  'opssight_jobs',
  'opssight_job_targets',
  'opssight_job_log_chunks',
  'opssight_job_secrets',
];

eachDatabase('migrations', db => {
  it('go up and down, in their own migrations table', async () => {
    const { knex } = db;
    // The owning plugin's own migrations, already there.
    await knex.schema.createTable('knex_migrations', t => {
      t.increments('id');
      t.string('name');
    });
    await knex('knex_migrations').insert({ name: 'plugin_init.js' });

    await knex.migrate.latest({ directory, tableName: MIGRATIONS_TABLE });
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    expect(await knex('knex_migrations').select('name')).toEqual([
      { name: 'plugin_init.js' },
    ]);
    await knex.migrate.rollback(
      { directory, tableName: MIGRATIONS_TABLE },
      true,
    );
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    await knex.migrate.latest({ directory, tableName: MIGRATIONS_TABLE });
    expect(await knex.schema.hasTable('opssight_jobs')).toBe(true);
  });

  it('tells the old host-key failures apart: not pinned, or changed', async () => {
    const { knex } = db;
    const config = { directory, tableName: MIGRATIONS_TABLE };
    await knex.migrate.up({ ...config, name: '20261122000000_init.js' });
    await knex('opssight_jobs').insert({
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'bulk-script',
      title: 'uptime on 3 hosts',
      status: 'failed',
      created_by: 'user:default/alice',
      created_at: '2026-12-01T00:00:00.000Z',
      params: '{}',
    });
    const target = (
      key: string,
      kind: string | null,
      message: string | null,
    ) => ({
      job_id: '00000000-0000-4000-8000-000000000001',
      target_key: key,
      position: Number(key.slice(1)),
      label: key,
      status: kind ? 'failed' : 'succeeded',
      stdout: '',
      stderr: '',
      error_kind: kind,
      error_message: message,
      meta: '{}',
    });
    await knex('opssight_job_targets').insert([
      target(
        'm1',
        'hostkey',
        'no pinned host key; run a connection test first',
      ),
      target(
        'm2',
        'hostkey',
        'host key changed: expected SHA256:a, server presented SHA256:b',
      ),
      target('m3', 'auth', 'root did not accept'),
    ]);
    const kinds = async () =>
      (
        await knex('opssight_job_targets')
          .orderBy('position')
          .select('error_kind')
      ).map(r => r.error_kind);

    await knex.migrate.latest(config);
    expect(await kinds()).toEqual([
      'hostkey-unpinned',
      'hostkey-changed',
      'auth',
    ]);
    await knex.migrate.down(config);
    expect(await kinds()).toEqual(['hostkey', 'hostkey', 'auth']);
  });
});
