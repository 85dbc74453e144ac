import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eachDatabase } from '@opssight/plugin-testing-node';
import fs from 'node:fs';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@opssight/plugin-audit-backend',
  'migrations',
);
const migrations = fs
  .readdirSync(migrationsDir)
  .filter(name => name.endsWith('.js'))
  .sort();

eachDatabase('migrations', db => {
  it('go up and down one by one', async () => {
    const { knex } = db;
    for (const name of migrations) {
      await knex.migrate.up({ directory: migrationsDir, name });
    }
    expect(await knex.schema.hasTable('audit_entries')).toBe(true);
    expect(await knex('audit_chain_head').select('id', 'seq', 'hash')).toEqual([
      { id: 1, seq: expect.anything(), hash: '0'.repeat(64) },
    ]);

    for (let i = 0; i < migrations.length; i++) {
      await knex.migrate.down({ directory: migrationsDir });
    }
    expect(await knex.schema.hasTable('audit_entries')).toBe(false);
    expect(await knex.schema.hasTable('audit_chain_head')).toBe(false);
  });
});
