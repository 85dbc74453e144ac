import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  eachDatabase,
  expectMigrationsUpDownUp,
} from '@opssight/plugin-testing-node';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@opssight/plugin-clusters-backend',
  'migrations',
);

eachDatabase('migrations', db => {
  it('go all the way up and all the way down again', async () => {
    const { knex } = db;
    await expectMigrationsUpDownUp(knex, directory, [
      'clusters',
      'cluster_nodes',
      'cluster_changes',
    ]);
  });
});
