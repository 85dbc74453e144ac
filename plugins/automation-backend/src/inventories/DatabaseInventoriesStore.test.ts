import { InventoryInput } from '@opssight/plugin-automation-common';
import { storeTest } from '@opssight/plugin-testing-node';
import { DatabaseInventoriesStore } from './DatabaseInventoriesStore';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';

function inventory(
  name: string,
  change: Partial<InventoryInput> = {},
): InventoryInput {
  return {
    name,
    description: '',
    source: {
      kind: 'registry',
      groups: ['web'],
      tags: [],
      machineIds: [],
      clusterId: null,
    },
    vars: '',
    groupVars: {},
    hostVars: {},
    ...change,
  };
}

storeTest('DatabaseInventoriesStore', DatabaseInventoriesStore.create, t => {
  it('keeps an inventory as it was given, with its owner and times', async () => {
    const input = inventory('web', {
      description: 'The web tier',
      vars: 'http_port: 80\n',
      groupVars: { web: 'workers: 4\n' },
      hostVars: { 'web-1': 'weight: 2\n' },
    });
    const created = await t.store.create(input, ALICE);
    expect(created).toEqual({
      ...input,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      owner: ALICE,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    expect(await t.store.get(created.id)).toEqual(created);
  });

  it('lists by name, a page at a time', async () => {
    for (const name of ['db', 'web', 'cache']) {
      await t.store.create(inventory(name), ALICE);
    }
    const first = await t.store.list({ limit: 2 });
    expect(first.items.map(i => i.name)).toEqual(['cache', 'db']);
    expect(first.totalCount).toBe(3);
    const next = await t.store.list({ limit: 2, offset: 2 });
    expect(next.items.map(i => i.name)).toEqual(['web']);
  });

  it('refuses a taken name with a 409 naming the field, on create and on rename', async () => {
    await t.store.create(inventory('web'), ALICE);
    const db = await t.store.create(inventory('db'), ALICE);
    await expect(t.store.create(inventory('web'), ALICE)).rejects.toMatchObject(
      {
        name: 'ConflictError',
        message: "name: an inventory named 'web' already exists",
      },
    );
    await expect(t.store.update(db.id, inventory('web'))).rejects.toMatchObject(
      {
        name: 'ConflictError',
      },
    );
    expect((await t.store.get(db.id)).name).toBe('db');
    expect((await t.store.list({})).totalCount).toBe(2);
  });

  it('lets one of two saves of a name at once win; the other is the same 409', async () => {
    const results = await Promise.allSettled([
      t.store.create(inventory('race'), ALICE),
      t.store.create(inventory('race'), ALICE),
    ]);
    expect(results.map(r => r.status).sort()).toEqual([
      'fulfilled',
      'rejected',
    ]);
    const refused = results.find(r => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({
      name: 'ConflictError',
      message: "name: an inventory named 'race' already exists",
    });
    expect((await t.store.list({})).totalCount).toBe(1);
  });

  it('replaces the fields on update and keeps the owner', async () => {
    const created = await t.store.create(inventory('web'), ALICE);
    const source = {
      kind: 'static' as const,
      format: 'ini' as const,
      text: '[web]\nweb-1\n',
    };
    const updated = await t.store.update(
      created.id,
      inventory('web-static', { source }),
    );
    expect(updated).toMatchObject({ name: 'web-static', source, owner: ALICE });
    // Renaming to its own name is no conflict.
    await t.store.update(created.id, inventory('web-static'));
  });

  it('deletes, and says NotFound for what is not there', async () => {
    const created = await t.store.create(inventory('web'), ALICE);
    await t.store.delete(created.id);
    await expect(t.store.get(created.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(t.store.delete(created.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(
      t.store.update(created.id, inventory('x')),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
