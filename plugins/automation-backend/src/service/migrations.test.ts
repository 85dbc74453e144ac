import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  eachDatabase,
  expectMigrationsUpDownUp,
} from '@opssight/plugin-testing-node';

jest.setTimeout(60_000);

const TABLES = [
  'automation_projects',
  'automation_inventories',
  'automation_templates',
  'automation_runs',
  'automation_run_machines',
  'automation_run_events',
  'automation_schedules',
  'automation_meta',
];

const directory = resolvePackagePath(
  '@opssight/plugin-automation-backend',
  'migrations',
);

eachDatabase('migrations', db => {
  it('go all the way up and all the way down again', async () => {
    await expectMigrationsUpDownUp(db.knex, directory, TABLES);
  });
});
