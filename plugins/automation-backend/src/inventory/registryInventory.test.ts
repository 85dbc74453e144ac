import { mockCredentials } from '@backstage/backend-test-utils';
import {
  InMemoryMachinesService,
  makeMachine,
} from '@opssight/plugin-machines-node/testing';
import {
  asUser as options,
  PINNED_KEY as KEY,
  testRegistry,
} from '../__testUtils__/registry';
import {
  ansibleGroupName,
  resolveRegistryInventory,
} from './registryInventory';

const web1 = {
  id: 'm1',
  ip: '10.0.0.1',
  hostname: 'web-1',
  groups: ['web-servers'],
  tags: ['prod'],
  sshUser: 'deploy',
  sshPort: 2222,
};
const web2 = {
  id: 'm2',
  ip: '10.0.0.2',
  hostname: 'web-2',
  groups: ['web-servers'],
};
const db1 = { id: 'm3', ip: '10.0.0.3', hostname: 'db', tags: ['prod'] };
const db2 = { id: 'm4', ip: '10.0.0.4', hostname: 'db' };
const unpinned = {
  id: 'm5',
  ip: '10.0.0.5',
  hostname: 'new-1',
  groups: ['web-servers'],
  hostPublicKey: null,
};
const registry = () => testRegistry(web1, web2, db1, db2, unpinned);

describe('resolveRegistryInventory', () => {
  it('turns registry groups and tags into Ansible groups of the machines as they are now', async () => {
    const { inventory, unready } = await resolveRegistryInventory(
      {
        groups: ['web-servers'],
        tags: ['prod'],
        groupVars: { web_servers: { http_port: 8080 } },
        hostVars: { 'web-1': { role: 'primary' } },
        vars: { env: 'prod' },
      },
      registry(),
      options,
    );
    expect(inventory.hosts).toEqual([
      {
        name: 'web-1',
        machineId: 'm1',
        address: '10.0.0.1',
        port: 2222,
        user: 'deploy',
        hostPublicKey: KEY,
        vars: { role: 'primary' },
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
        name: 'db',
        machineId: 'm3',
        address: '10.0.0.3',
        port: 22,
        user: null,
        hostPublicKey: KEY,
      },
    ]);
    expect(inventory.groups).toEqual({
      web_servers: { hosts: ['web-1', 'web-2'], vars: { http_port: 8080 } },
      tag_prod: { hosts: ['web-1', 'db'] },
    });
    expect(inventory.vars).toEqual({ env: 'prod' });
    expect(unready).toEqual([
      {
        machineId: 'm5',
        hostname: 'new-1',
        address: '10.0.0.5',
        problem: 'no pinned host key',
      },
    ]);
  });

  it('names machines that share a hostname by hostname and IP', async () => {
    const { inventory } = await resolveRegistryInventory(
      { machineIds: ['m3', 'm4'] },
      registry(),
      options,
    );
    expect(inventory.hosts.map(h => h.name)).toEqual([
      'db_10.0.0.3',
      'db_10.0.0.4',
    ]);
  });

  it('refuses machine ids that are not in the registry, naming the field', async () => {
    await expect(
      resolveRegistryInventory(
        { machineIds: ['m1', 'gone', 'also-gone'] },
        registry(),
        options,
      ),
    ).rejects.toThrow(
      'machineIds: 2 of the machines are not in the registry (or not visible to you)',
    );
  });

  it("asks the registry with the caller's credentials, so its permissions apply", async () => {
    const alice = mockCredentials.user('user:default/alice');
    const machines = new InMemoryMachinesService({
      machines: [makeMachine({ hostPublicKey: KEY, ...web1 })],
      allowed: (_action, credentials) =>
        (credentials.principal as { userEntityRef?: string }).userEntityRef ===
        'user:default/alice',
    });
    const spec = { groups: ['web-servers'] };
    await expect(
      resolveRegistryInventory(spec, machines, { credentials: alice }),
    ).resolves.toMatchObject({ inventory: { hosts: [{ name: 'web-1' }] } });
    await expect(
      resolveRegistryInventory(spec, machines, {
        credentials: mockCredentials.user('user:default/mallory'),
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it.each([
    ['web-servers', 'web_servers'],
    ['2nd floor', '_2nd_floor'],
    ['ok_name', 'ok_name'],
  ])('makes %j the Ansible group name %j', (name, expected) => {
    expect(ansibleGroupName(name)).toBe(expected);
  });
});
