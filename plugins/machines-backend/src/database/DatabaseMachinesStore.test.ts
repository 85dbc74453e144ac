import {
  eachDatabase,
  expectMigrationsUpDownUp,
  storeTest,
} from '@opssight/plugin-testing-node';
import { DatabaseMachinesStore } from './DatabaseMachinesStore';
import { NewMachine } from './MachinesStore';

jest.setTimeout(60_000);

function machine(overrides: Partial<NewMachine> = {}): NewMachine {
  return {
    ip: '10.0.0.1',
    hostname: 'web-1',
    application: 'shop',
    sshPort: 22,
    sshUser: 'ops',
    description: '',
    groups: [],
    tags: [],
    owner: 'group:default/platform-team',
    defaultCredentialId: null,
    ...overrides,
  };
}

storeTest('DatabaseMachinesStore', DatabaseMachinesStore.create, t => {
  it('creates, reads, updates and deletes a machine with its groups and tags', async () => {
    const created = await t.store.createMachine(
      machine({ groups: ['web', 'prod'], tags: ['nginx', 'eu'] }),
    );
    expect(created).toMatchObject({
      ip: '10.0.0.1',
      hostname: 'web-1',
      groups: ['prod', 'web'],
      tags: ['eu', 'nginx'],
      hostKeyFingerprint: null,
      hostPublicKey: null,
      defaultCredentialId: null,
      lastCheck: null,
    });
    expect(await t.store.getMachine(created.id)).toEqual(created);

    const credentialId = '6f1c1a2e-0000-4000-8000-000000000000';
    const updated = await t.store.updateMachine(
      created.id,
      machine({
        hostname: 'web-01',
        groups: ['web'],
        tags: [],
        defaultCredentialId: credentialId,
      }),
    );
    expect(updated).toMatchObject({
      hostname: 'web-01',
      groups: ['web'],
      tags: [],
      defaultCredentialId: credentialId,
    });
    expect(updated.createdAt).toBe(created.createdAt);
    expect(
      (await t.store.updateMachine(created.id, machine())).defaultCredentialId,
    ).toBeNull();

    const deleted = await t.store.deleteMachine(created.id);
    expect(deleted.id).toBe(created.id);
    await expect(t.store.getMachine(created.id)).rejects.toThrow(
      /No machine with id/,
    );
    // The groups stay, empty.
    expect(
      (await t.store.listGroups()).map(g => [g.name, g.machineCount]),
    ).toEqual([
      ['prod', 0],
      ['web', 0],
    ]);
    expect(await t.store.listTags()).toEqual([]);
  });

  it('refuses a duplicate IP and names the machine holding it', async () => {
    await t.store.createMachine(machine());
    await expect(
      t.store.createMachine(machine({ hostname: 'other' })),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        "ip: 10.0.0.1 is already used by machine 'web-1'",
      ),
    });
    const second = await t.store.createMachine(
      machine({ ip: '10.0.0.2', hostname: 'web-2' }),
    );
    await expect(
      t.store.updateMachine(second.id, machine({ ip: '10.0.0.1' })),
    ).rejects.toMatchObject({
      name: 'ConflictError',
    });
    // The rejected update left the machine as it was.
    expect((await t.store.getMachine(second.id)).ip).toBe('10.0.0.2');
  });

  it('lists with search, filters, pagination and numeric IP sort', async () => {
    await t.store.createMachine(
      machine({
        ip: '10.0.0.10',
        hostname: 'db-1',
        application: 'billing',
        groups: ['db'],
        tags: ['pg'],
      }),
    );
    await t.store.createMachine(
      machine({
        ip: '10.0.0.9',
        hostname: 'web-1',
        application: 'shop',
        groups: ['web'],
        tags: ['nginx'],
      }),
    );
    await t.store.createMachine(
      machine({
        ip: '10.0.0.2',
        hostname: 'web-2',
        application: 'shop',
        groups: ['web'],
        tags: ['nginx', 'canary'],
      }),
    );
    await t.store.createMachine(
      machine({
        ip: 'fd00::1',
        hostname: 'v6-host',
        application: 'dns',
        groups: [],
        tags: [],
      }),
    );

    const all = await t.store.listMachines({ orderBy: 'ip' });
    expect(all.totalCount).toBe(4);
    expect(all.items.map(m => m.ip)).toEqual([
      '10.0.0.2',
      '10.0.0.9',
      '10.0.0.10',
      'fd00::1',
    ]);

    expect(
      (await t.store.listMachines({ q: 'SHOP' })).items.map(m => m.hostname),
    ).toEqual(['web-1', 'web-2']);
    expect(
      (await t.store.listMachines({ q: '0.0.1' })).items.map(m => m.hostname),
    ).toEqual(['db-1']);
    expect((await t.store.listMachines({ q: '100%' })).totalCount).toBe(0);
    expect((await t.store.listMachines({ group: 'web' })).totalCount).toBe(2);
    expect(
      (await t.store.listMachines({ tag: 'canary' })).items.map(
        m => m.hostname,
      ),
    ).toEqual(['web-2']);
    expect(
      (await t.store.listMachines({ group: 'web', tag: 'canary', q: 'web' }))
        .totalCount,
    ).toBe(1);

    const page = await t.store.listMachines({
      orderBy: 'hostname',
      order: 'desc',
      limit: 2,
      offset: 1,
    });
    expect(page.totalCount).toBe(4);
    expect(page.items.map(m => m.hostname)).toEqual(['web-1', 'v6-host']);
    expect(await t.store.listTags()).toEqual([
      { name: 'canary', machineCount: 1 },
      { name: 'nginx', machineCount: 2 },
      { name: 'pg', machineCount: 1 },
    ]);
  });

  it('bulk-creates good rows and rejects clashes with line numbers', async () => {
    await t.store.createMachine(machine({ ip: '10.0.0.1' }));
    const result = await t.store.createMachines([
      {
        line: 1,
        text: 'a',
        input: machine({ ip: '10.0.0.1', hostname: 'dup-existing' }),
      },
      {
        line: 2,
        text: 'b',
        input: machine({ ip: '10.0.0.2', hostname: 'new-1', groups: ['g'] }),
      },
      {
        line: 3,
        text: 'c',
        input: machine({ ip: '10.0.0.2', hostname: 'dup-in-file' }),
      },
      {
        line: 4,
        text: 'd',
        input: machine({ ip: '10.0.0.3', hostname: 'new-2' }),
      },
    ]);
    expect(result.created.map(m => m.hostname)).toEqual(['new-1', 'new-2']);
    expect(result.rejected).toEqual([
      {
        line: 1,
        text: 'a',
        reason: "ip: 10.0.0.1 is already used by existing machine 'web-1'",
      },
      {
        line: 3,
        text: 'c',
        reason: 'ip: 10.0.0.2 is already used by line 2',
      },
    ]);
    expect((await t.store.listMachines({})).totalCount).toBe(3);
  });

  it('manages groups: create, rename, delete without deleting machines', async () => {
    const group = await t.store.createGroup({
      name: 'db',
      description: 'databases',
    });
    expect(group).toMatchObject({
      name: 'db',
      description: 'databases',
      machineCount: 0,
    });
    await expect(
      t.store.createGroup({ name: 'db', description: '' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });

    const m = await t.store.createMachine(machine({ groups: ['db'] }));
    expect((await t.store.listGroups())[0].machineCount).toBe(1);

    const renamed = await t.store.updateGroup(group.id, {
      name: 'databases',
      description: '',
    });
    expect(renamed).toMatchObject({ name: 'databases', machineCount: 1 });
    expect((await t.store.getMachine(m.id)).groups).toEqual(['databases']);
    expect(await t.store.getGroupMachineIds('databases')).toEqual([m.id]);

    await t.store.deleteGroup(group.id);
    expect(await t.store.listGroups()).toEqual([]);
    expect((await t.store.getMachine(m.id)).groups).toEqual([]);
    await expect(t.store.deleteGroup(group.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(t.store.getGroupMachineIds('databases')).rejects.toMatchObject(
      { name: 'NotFoundError' },
    );
  });

  it('pins host keys and records checks', async () => {
    const m = await t.store.createMachine(machine());
    await t.store.setHostKeyFingerprint(m.id, 'SHA256:abc', 'ssh-ed25519 AAAA');
    const check = {
      machineId: m.id,
      reachable: true,
      sshOk: true,
      fingerprint: 'SHA256:abc',
      latencyMs: 1.5,
      errorKind: null,
      message: null,
      checkedAt: new Date().toISOString(),
    };
    await t.store.recordCheck(check);
    expect(await t.store.getMachine(m.id)).toMatchObject({
      hostKeyFingerprint: 'SHA256:abc',
      hostPublicKey: 'ssh-ed25519 AAAA',
      lastCheck: check,
    });
    // Forgetting the pin forgets the key with it.
    expect(
      await t.store.setHostKeyFingerprint(m.id, null, 'ssh-ed25519 AAAA'),
    ).toMatchObject({ hostKeyFingerprint: null, hostPublicKey: null });
    await t.store.setHostKeyFingerprint(m.id, 'SHA256:abc', 'ssh-ed25519 AAAA');

    // A new IP is a new host: the pinned key no longer applies.
    const moved = await t.store.updateMachine(
      m.id,
      machine({ ip: '10.9.9.9' }),
    );
    expect(moved).toMatchObject({
      hostKeyFingerprint: null,
      hostPublicKey: null,
      lastCheck: null,
    });
  });

  it('looks machines up by ids and IPs at once, each once, in IP order', async () => {
    const web = await t.store.createMachine(
      machine({ ip: '10.0.0.10', hostname: 'web', tags: ['nginx'] }),
    );
    const db = await t.store.createMachine(
      machine({ ip: '10.0.0.9', hostname: 'db' }),
    );
    const cache = await t.store.createMachine(
      machine({ ip: '10.0.0.1', hostname: 'cache' }),
    );
    await t.store.createMachine(machine({ ip: '10.0.0.2', hostname: 'other' }));

    const found = await t.store.lookupMachines({
      ids: [web.id, db.id, web.id, '00000000-0000-4000-8000-00000000dead'],
      // 10.0.0.1 matches exactly: not 10.0.0.10 as a substring search would.
      ips: ['10.0.0.1', '10.0.0.9', '10.9.9.9'],
    });
    expect(found.map(m => m.hostname)).toEqual(['cache', 'db', 'web']);
    expect(found[2]).toEqual(web);
    expect(found.map(m => m.id)).toContain(cache.id);

    expect(await t.store.lookupMachines({})).toEqual([]);
    expect(
      (await t.store.lookupMachines({ ips: ['10.0.0.10'] })).map(m => m.id),
    ).toEqual([web.id]);
  });

  it('looks up more machines than one query may bind', async () => {
    const created = await t.store.createMachines(
      Array.from({ length: 1200 }, (_, i) => ({
        line: i + 1,
        text: '',
        input: machine({
          ip: `10.1.${Math.floor(i / 250)}.${i % 250}`,
          hostname: `node-${i}`,
        }),
      })),
    );
    const found = await t.store.lookupMachines({
      ips: created.created.map(m => m.ip),
    });
    expect(found).toHaveLength(1200);
  });

  it('keeps small key-value facts', async () => {
    expect(await t.store.getMeta('seeded-from')).toBeUndefined();
    await t.store.setMeta('seeded-from', 'a');
    await t.store.setMeta('seeded-from', 'b');
    expect(await t.store.getMeta('seeded-from')).toBe('b');
  });
});

eachDatabase('migrations', db => {
  it('go up and down cleanly', async () => {
    const { knex } = db;
    const directory = require('node:path').resolve(
      __dirname,
      '../../migrations',
    );
    await expectMigrationsUpDownUp(knex, directory, [
      'machines',
      'machine_tags',
    ]);
    expect(
      await knex.schema.hasColumn('machines', 'default_credential_id'),
    ).toBe(true);
    expect(await knex.schema.hasColumn('machines', 'host_public_key')).toBe(
      true,
    );
  });
});
