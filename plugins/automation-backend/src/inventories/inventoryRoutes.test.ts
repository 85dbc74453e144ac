import { mockCredentials } from '@backstage/backend-test-utils';
import { ResolvedInventoryView } from '@opssight/plugin-automation-common';
import { TEST_USERS } from '@opssight/plugin-testing-node';
import { testRegistry } from '../__testUtils__/registry';
import { startPartsBackend } from './__testUtils__/partsBackend';

jest.setTimeout(120_000);

const M = (n: number) =>
  `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const CLUSTER = '00000000-0000-4000-8000-0000000000c1';
const KEY = '00000000-0000-4000-8000-0000000000k1'.replace('k', 'a');
const PROJECT = '00000000-0000-4000-8000-0000000000f1';

const registry = testRegistry(
  {
    id: M(1),
    ip: '10.0.0.1',
    hostname: 'web-1',
    groups: ['web'],
    tags: ['prod'],
    sshUser: 'deploy',
    sshPort: 2222,
  },
  { id: M(2), ip: '10.0.0.2', hostname: 'web-2', groups: ['web'] },
  {
    id: M(3),
    ip: '10.0.0.3',
    hostname: 'db-1',
    groups: ['db'],
    tags: ['prod'],
  },
  {
    id: M(4),
    ip: '10.0.0.4',
    hostname: 'new-1',
    groups: ['web'],
    hostPublicKey: null,
  },
  { id: M(5), ip: '10.0.1.1', hostname: 'cp-1' },
  { id: M(6), ip: '10.0.1.2', hostname: 'wk-1' },
);

let backend: Awaited<ReturnType<typeof startPartsBackend>>;
beforeAll(async () => {
  backend = await startPartsBackend({
    machines: registry,
    clusters: [
      {
        id: CLUSTER,
        name: 'prod-eu',
        loadBalancerIp: '10.0.1.100',
        nodes: [
          { ip: '10.0.1.1', role: 'master', machineId: M(5) },
          { ip: '10.0.1.2', role: 'worker', machineId: M(6) },
          // A node whose machine was removed from the registry since.
          { ip: '10.0.1.9', role: 'worker', machineId: null },
        ],
      },
    ],
    projects: { [PROJECT]: ['site.yml'] },
    vault: {
      describeCredential: async ({ credentialId }: { credentialId: string }) =>
        credentialId === KEY
          ? { id: KEY, name: 'deploy key', kind: 'ssh-key', scope: 'shared' }
          : undefined,
    } as never,
  });
});
afterAll(() => backend?.stop());

const BASE = '/api/automation/inventories';
const post = (user: keyof typeof TEST_USERS, body: object, path = BASE) =>
  backend.api().post(path).set('Authorization', backend.as(user)).send(body);
const get = (path: string, user: keyof typeof TEST_USERS = 'vic') =>
  backend.api().get(path).set('Authorization', backend.as(user));
const count = async () => (await get(BASE)).body.totalCount as number;

const INI = `
[web]
web-1 ansible_host=10.0.0.1 http_port=80
new-1

[db]
10.0.0.3

[prod:children]
web
db
`;

describe('inventory routes', () => {
  it('saves a registry inventory and resolves it live: groups, tags, hosts, variables, unready machines', async () => {
    const res = await post('alice', {
      name: 'web tier',
      source: { kind: 'registry', groups: ['web'], tags: ['prod'] },
      vars: 'http_port: 80\n',
      groupVars: { web: 'workers: 4\n' },
      hostVars: { 'web-1': 'weight: 2\n' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'web tier',
      owner: TEST_USERS.alice,
    });
    expect(backend.audit.filter(e => e.eventId === 'inventory-create')).toEqual(
      [
        expect.objectContaining({
          outcome: 'initiated',
          meta: { name: 'web tier', sourceKind: 'registry' },
        }),
        expect.objectContaining({ outcome: 'succeeded' }),
      ],
    );

    const resolved = await get(`${BASE}/${res.body.id}/resolved`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual<ResolvedInventoryView>({
      groups: {
        web: { hosts: ['web-1', 'web-2'], children: [] },
        tag_prod: { hosts: ['db-1', 'web-1'], children: [] },
      },
      hosts: [
        {
          name: 'db-1',
          address: '10.0.0.3',
          port: 22,
          user: null,
          machineId: M(3),
        },
        {
          name: 'web-1',
          address: '10.0.0.1',
          port: 2222,
          user: 'deploy',
          machineId: M(1),
        },
        {
          name: 'web-2',
          address: '10.0.0.2',
          port: 22,
          user: null,
          machineId: M(2),
        },
      ],
      unready: [
        {
          machineId: M(4),
          hostname: 'new-1',
          address: '10.0.0.4',
          problem: 'no pinned host key',
        },
      ],
    });

    // What a run gets: the variables laid over the source's.
    const forRun = await backend.parts.inventories.resolve(
      res.body.id,
      mockCredentials.user(TEST_USERS.alice),
      'inventoryId',
    );
    expect(forRun.name).toBe('web tier');
    expect(forRun.inventory.vars).toEqual({ http_port: 80 });
    expect(forRun.inventory.groups?.web.vars).toEqual({ workers: 4 });
    expect(forRun.inventory.hosts.find(h => h.name === 'web-1')?.vars).toEqual({
      weight: 2,
    });
    await expect(
      backend.parts.inventories.resolve(
        M(99),
        mockCredentials.user(),
        'inventoryId',
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^inventoryId: /),
    });
  });

  it("puts a cluster's nodes in Kubespray's groups with its load balancer as variables", async () => {
    const res = await post(
      'alice',
      { name: 'c', source: { kind: 'registry', clusterId: CLUSTER } },
      `${BASE}/preview`,
    );
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual({
      etcd: { hosts: ['cp-1'], children: [] },
      k8s_cluster: {
        hosts: ['cp-1', 'wk-1'],
        children: ['kube_control_plane', 'kube_node'],
      },
      kube_control_plane: { hosts: ['cp-1'], children: [] },
      kube_node: { hosts: ['wk-1'], children: [] },
    });
    expect(res.body.unready).toEqual([
      expect.objectContaining({
        address: '10.0.1.9',
        problem: expect.stringContaining('not in the registry'),
      }),
    ]);

    const saved = await post('alice', {
      name: 'prod-eu',
      source: { kind: 'registry', clusterId: CLUSTER },
    });
    const forRun = await backend.parts.inventories.resolve(
      saved.body.id,
      mockCredentials.user(),
      'inventoryId',
    );
    expect(forRun.inventory.vars).toEqual({
      loadbalancer_apiserver: { address: '10.0.1.100', port: 6443 },
      apiserver_loadbalancer_domain_name: '10.0.1.100',
      loadbalancer_apiserver_localhost: false,
    });

    const unknown = await post(
      'alice',
      { name: 'x', source: { kind: 'registry', clusterId: M(98) } },
      `${BASE}/preview`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /^source\.clusterId: no such cluster/,
    );
  });

  it('parses static text with ansible-inventory and takes only registered machines', async () => {
    const res = await post('alice', {
      name: 'static',
      source: { kind: 'static', format: 'ini', text: INI },
    });
    expect(res.status).toBe(201);
    const resolved = await get(`${BASE}/${res.body.id}/resolved`);
    expect(resolved.body.groups).toEqual({
      web: { hosts: ['web-1'], children: [] },
      db: { hosts: ['10.0.0.3'], children: [] },
      prod: { hosts: ['10.0.0.3', 'web-1'], children: ['db', 'web'] },
    });
    expect(resolved.body.unready).toEqual([
      expect.objectContaining({ hostname: 'new-1' }),
    ]);

    const before = await count();
    const unregistered = await post('alice', {
      name: 'bad',
      source: {
        kind: 'static',
        format: 'ini',
        text: '[web]\nweb-1\nstray ansible_host=10.9.9.9\n',
      },
    });
    expect(unregistered.status).toBe(400);
    expect(unregistered.body.error.message).toMatch(
      /^source\.text: only registered machines .*not registered: stray \(10\.9\.9\.9\)/,
    );

    const broken = await post('alice', {
      name: 'bad',
      source: {
        kind: 'static',
        format: 'yaml',
        text: 'all:\n  hosts:\n    web-1: {\n  bad\n',
      },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(
      /^source\.text: not a valid YAML inventory/,
    );
    // Ansible names the file it read: never the backend's own paths.
    expect(broken.body.error.message).not.toMatch(
      /\/tmp|opssight-|-runs\/|static-inventory/,
    );
    const undefinedGroup = await post('alice', {
      name: 'bad',
      source: {
        kind: 'static',
        format: 'ini',
        text: '[web]\nweb-1\n[a:children]\nnope\n',
      },
    });
    expect(undefinedGroup.body.error.message).toMatch(
      /^source\.text: not a valid INI inventory \(.*line 4: Section \[a:children\] includes undefined group: nope\)$/,
    );
    expect(undefinedGroup.body.error.message).not.toMatch(
      /-runs\/|static-inventory/,
    );
    expect(await count()).toBe(before);
  });

  it.each([
    [
      {
        name: 'v',
        source: { kind: 'registry', groups: ['web'] },
        vars: 'ansible_host: 10.9.9.9',
      },
      /^Invalid inventory: vars\.ansible_host: ansible_host is set by OpsSight/,
    ],
    [
      {
        name: 'v',
        source: { kind: 'registry', groups: ['web'] },
        groupVars: { web: 'a: [' },
      },
      /^Invalid inventory: groupVars\.web: .*\(line \d+\)/,
    ],
    [
      {
        name: 'v',
        source: { kind: 'registry', groups: ['web'] },
        hostVars: { 'web-1': 'ansible_ssh_common_args: -o X' },
      },
      /^Invalid inventory: hostVars\.web-1\.ansible_ssh_common_args: /,
    ],
    [
      { name: 'v', source: { kind: 'registry' } },
      /^Invalid inventory: source: choose at least one group/,
    ],
    [
      { name: 'v', source: { kind: 'registry', machineIds: [M(97)] } },
      /^source\.machineIds: 1 of the machines are not in the registry/,
    ],
    [
      { name: '', source: { kind: 'registry', groups: ['web'] } },
      /^Invalid inventory: name: must not be empty/,
    ],
  ])(
    'refuses bad input with a 400 naming the field: %j',
    async (body, message) => {
      const before = await count();
      const res = await post('alice', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(await count()).toBe(before);
    },
  );

  it('lets owners and Admins change an inventory, Admins delete it once no template uses it', async () => {
    const created = await post('alice', {
      name: 'owned',
      source: { kind: 'registry', groups: ['db'] },
    });
    const id = created.body.id;
    const put = (user: keyof typeof TEST_USERS, body: object) =>
      backend
        .api()
        .put(`${BASE}/${id}`)
        .set('Authorization', backend.as(user))
        .send(body);
    const del = (user: keyof typeof TEST_USERS) =>
      backend
        .api()
        .delete(`${BASE}/${id}`)
        .set('Authorization', backend.as(user));

    expect(
      (
        await post('vic', {
          name: 'v',
          source: { kind: 'registry', groups: ['db'] },
        })
      ).status,
    ).toBe(403);
    expect((await put('vic', { description: 'x' })).status).toBe(403);
    const bobs = await put('bob', { description: 'mine now' });
    expect(bobs.status).toBe(403);
    expect(bobs.body.error.message).toMatch(
      /only they or an Admin can change it/,
    );
    expect(
      (await put('alice', { description: 'db tier', vars: 'a: 1' })).body,
    ).toMatchObject({ description: 'db tier', vars: 'a: 1' });
    expect((await put('ada', { name: 'owned-by-alice' })).body).toMatchObject({
      name: 'owned-by-alice',
      owner: TEST_USERS.alice,
    });
    expect((await put('alice', { name: 'web tier' })).status).toBe(409);
    expect((await put('alice', { vars: 'ansible_port: 1' })).status).toBe(400);
    expect((await get(`${BASE}/${id}`)).body).toMatchObject({
      name: 'owned-by-alice',
      vars: 'a: 1',
    });

    const template = await backend
      .api()
      .post('/api/automation/templates')
      .set('Authorization', backend.as('alice'))
      .send({
        name: 'db facts',
        projectId: PROJECT,
        playbook: 'site.yml',
        inventoryId: id,
        sshCredentialId: KEY,
      });
    expect(template.status).toBe(201);
    expect((await del('alice')).status).toBe(403);
    const inUse = await del('ada');
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toBe(
      "Inventory 'owned-by-alice' is used by template 'db facts'; change or delete it first",
    );
    expect((await get(`${BASE}/${id}`)).status).toBe(200);

    await backend
      .api()
      .delete(`/api/automation/templates/${template.body.id}`)
      .set('Authorization', backend.as('ada'));
    expect((await del('ada')).status).toBe(204);
    expect((await get(`${BASE}/${id}`)).status).toBe(404);
    expect(
      backend.audit
        .filter(e => e.eventId === 'inventory-delete')
        .map(e => e.outcome),
    ).toEqual(['initiated', 'failed', 'initiated', 'succeeded']);
  });
});
