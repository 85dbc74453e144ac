import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eachDatabase } from '@opssight/plugin-testing-node';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@opssight/plugin-clusters-backend',
  'migrations',
);

eachDatabase('migrations', db => {
  it('go all the way up and all the way down again', async () => {
    const { knex } = db;
    await knex.migrate.latest({ directory });
    for (const table of ['clusters', 'cluster_nodes', 'cluster_changes']) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.migrate.rollback({ directory }, true);
    for (const table of ['clusters', 'cluster_nodes', 'cluster_changes']) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    // And up again, as after a rollback in production.
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('clusters')).toBe(true);
  });
});
