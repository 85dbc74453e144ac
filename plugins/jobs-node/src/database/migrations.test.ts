import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { testDatabaseIds } from '@opssight/plugin-testing-node';
import { MIGRATIONS_TABLE } from './JobStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });
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

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('go up and down, in their own migrations table', async () => {
    const knex = await databases.init(databaseId);
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
});
