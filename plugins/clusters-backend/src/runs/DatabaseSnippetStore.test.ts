import { mockServices } from '@backstage/backend-test-utils';
import {
  expectMigrationsUpDownUp,
  storeTest,
} from '@opssight/plugin-testing-node';
import { resolve } from 'node:path';
import { DatabaseSnippetStore } from './DatabaseSnippetStore';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';

storeTest('DatabaseSnippetStore', DatabaseSnippetStore.create, t => {
  /** Alice saves the script as the snippet `name`. */
  const save = (name: string, script: string, description = '') =>
    t.store.create({ name, description, script }, ALICE);

  it('creates, lists by name, updates and deletes snippets', async () => {
    const uptime = await save('uptime', 'uptime');
    const disk = await save('disk', 'df -h\n', 'free space');
    expect(uptime).toMatchObject({
      name: 'uptime',
      script: 'uptime',
      owner: ALICE,
      createdBy: ALICE,
    });
    expect(uptime.createdAt).toBe(uptime.updatedAt);
    expect((await t.store.list()).map(s => s.name)).toEqual(['disk', 'uptime']);
    expect(await t.store.get(disk.id)).toEqual(disk);

    const renamed = await t.store.update(disk.id, {
      name: 'disk usage',
      description: '',
      script: 'df -P',
    });
    expect(renamed).toMatchObject({
      id: disk.id,
      name: 'disk usage',
      script: 'df -P',
      createdAt: disk.createdAt,
      createdBy: ALICE,
    });
    // Saving a snippet under its own name is no clash.
    await expect(
      t.store.update(disk.id, { ...renamed, description: 'x' }),
    ).resolves.toMatchObject({ description: 'x' });

    expect(await t.store.delete(uptime.id)).toEqual(uptime);
    expect((await t.store.list()).map(s => s.id)).toEqual([disk.id]);
  });

  it('refuses a second snippet of the same name, and unknown ids', async () => {
    const first = await save('uptime', 'uptime');
    const other = await save('other', 'true');
    await expect(save('uptime', 'w')).rejects.toMatchObject({
      name: 'ConflictError',
      message: "name: a snippet named 'uptime' already exists",
    });
    await expect(
      t.store.update(other.id, {
        name: 'uptime',
        description: '',
        script: 'w',
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });

    const unknown = '6f1c1a2e-0000-4000-8000-000000000000';
    await expect(t.store.get(unknown)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(
      t.store.update(unknown, { name: 'x', description: '', script: 'x' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(t.store.delete(unknown)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(await t.store.get(first.id)).toEqual(first);
  });

  it('migrates the snippets table down and up again', async () => {
    const knex = await t.emptyKnex();
    const directory = resolve(__dirname, '../../migrations');
    await expectMigrationsUpDownUp(knex, directory, ['cluster_snippets']);
  });

  it('leaves snippets saved before owners existed without one, and migrates the owner down', async () => {
    const knex = await t.emptyKnex();
    const directory = resolve(__dirname, '../../migrations');
    await knex.migrate.up({ directory, name: '20261125000000_clusters.js' });
    await knex.migrate.up({ directory, name: '20261201000000_snippets.js' });
    await knex('cluster_snippets').insert({
      id: '6f1c1a2e-0000-4000-8000-00000000aaaa',
      name: 'old',
      description: '',
      script: 'uptime',
      created_by: ALICE,
      created_at: '2026-12-01T00:00:00.000Z',
      updated_at: '2026-12-01T00:00:00.000Z',
    });
    await knex.migrate.latest({ directory });
    const migrated = await DatabaseSnippetStore.create({
      database: mockServices.database({ knex, migrations: { skip: true } }),
    });
    expect(
      await migrated.get('6f1c1a2e-0000-4000-8000-00000000aaaa'),
    ).toMatchObject({ name: 'old', owner: null, createdBy: ALICE });

    await knex.migrate.down({ directory });
    expect(await knex.schema.hasColumn('cluster_snippets', 'owner')).toBe(
      false,
    );
    expect(await knex('cluster_snippets').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
  });
});
