import {
  asUser as options,
  PINNED_KEY as KEY,
  testRegistry,
} from '../__testUtils__/registry';
import { RunDirectories, RunDirectory } from '@opssight/plugin-runner-node';
import { inventoryJson } from '../ansible/runPlaybook';
import {
  parseStaticInventory,
  resolveStaticInventory,
} from './staticInventory';

jest.setTimeout(60_000);

const registry = () =>
  testRegistry(
    {
      id: 'm1',
      ip: '10.0.0.1',
      hostname: 'web-1',
      sshPort: 2222,
      sshUser: 'deploy',
    },
    { id: 'm2', ip: '10.0.0.2', hostname: 'web-2' },
    { id: 'm3', ip: '10.0.0.3', hostname: 'db-1' },
    { id: 'm4', ip: '10.0.0.4', hostname: 'new-1', hostPublicKey: null },
  );

const INI = `
[web]
web-1 ansible_host=10.0.0.1 ansible_port=22 http_port=80
web-2 ansible_host=10.0.0.2 ansible_ssh_common_args="-o StrictHostKeyChecking=no"

[db]
db-1

[prod:children]
web
db

[web:vars]
workers=4
`;

const directories = RunDirectories.forPlugin(
  `automation-inventory-test-${process.pid}`,
);
const made: RunDirectory[] = [];
async function directory() {
  const d = await directories.create('inventory');
  made.push(d);
  return d;
}
afterAll(async () => Promise.all(made.map(d => d.remove())));

/** What Ansible itself makes of the inventory file a run would write. */
async function asAnsibleSeesIt(inventory: Parameters<typeof inventoryJson>[0]) {
  return parseStaticInventory(
    inventoryJson(inventory),
    'yaml',
    await directory(),
  );
}

describe('static inventories', () => {
  it('parses INI with Ansible, keeps groups, children and variables, and lets the registry decide how to connect', async () => {
    const listing = await parseStaticInventory(INI, 'ini', await directory());
    const { inventory, unready } = await resolveStaticInventory(
      listing,
      registry(),
      options,
    );
    expect(unready).toEqual([]);
    expect(inventory.hosts).toEqual([
      {
        name: 'web-1',
        machineId: 'm1',
        address: '10.0.0.1',
        port: 2222,
        user: 'deploy',
        hostPublicKey: KEY,
        vars: { http_port: 80 },
      },
      {
        name: 'web-2',
        machineId: 'm2',
        address: '10.0.0.2',
        port: 22,
        user: null,
        hostPublicKey: KEY,
      },
      {
        name: 'db-1',
        machineId: 'm3',
        address: '10.0.0.3',
        port: 22,
        user: null,
        hostPublicKey: KEY,
      },
    ]);
    expect(inventory.groups).toEqual({
      web: { hosts: ['web-1', 'web-2'], vars: { workers: 4 } },
      db: { hosts: ['db-1'] },
      prod: { hosts: [], children: ['web', 'db'] },
    });

    // The file a run writes says the same to Ansible, pinned-key options included.
    const seen = await asAnsibleSeesIt(inventory);
    expect(seen.prod?.children?.sort()).toEqual(['db', 'web']);
    expect(seen.web).toMatchObject({
      hosts: ['web-1', 'web-2'],
      vars: { workers: 4 },
    });
    expect(seen._meta?.hostvars?.['web-2']).toEqual({
      ansible_host: '10.0.0.2',
      ansible_port: 22,
      ansible_ssh_extra_args: '-o HostKeyAlias=opssight-machine-m2',
    });
  });

  it('parses YAML, and lists registered machines without a pinned key as unready', async () => {
    const listing = await parseStaticInventory(
      'all:\n  children:\n    app:\n      hosts:\n        10.0.0.3: {}\n        new-1: {}\n  vars:\n    env: prod\n',
      'yaml',
      await directory(),
    );
    const { inventory, unready } = await resolveStaticInventory(
      listing,
      registry(),
      options,
    );
    expect(inventory.hosts.map(h => h.name)).toEqual(['10.0.0.3']);
    expect(inventory.vars).toEqual({ env: 'prod' });
    expect(unready).toEqual([
      {
        machineId: 'm4',
        hostname: 'new-1',
        address: '10.0.0.4',
        problem: 'no pinned host key',
      },
    ]);
  });

  it('refuses hosts that are not registered machines, naming them', async () => {
    const listing = await parseStaticInventory(
      '[x]\nweb-1\n10.9.9.9\nghost ansible_host=10.0.0.77\n',
      'ini',
      await directory(),
    );
    await expect(
      resolveStaticInventory(listing, registry(), options),
    ).rejects.toThrow(
      'inventory: only registered machines can be in an inventory; not registered: 10.9.9.9, ghost (10.0.0.77)',
    );
  });

  it.each([
    ['broken YAML', 'all: [unclosed', 'yaml'],
    ['a dynamic inventory plugin', 'plugin: constructed\n', 'yaml'],
    ['YAML given as INI', 'all:\n  hosts:\n    a: {}\n', 'ini'],
  ] as const)(
    'refuses %s with a 400 naming the inventory',
    async (_what, text, format) => {
      await expect(
        parseStaticInventory(text, format, await directory()),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          new RegExp(
            `^inventory: not a valid ${format.toUpperCase()} inventory`,
          ),
        ),
      });
    },
  );
});
