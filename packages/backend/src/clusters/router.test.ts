import { mockCredentials } from '@backstage/backend-test-utils';
import {
  Cluster,
  ClusterChange,
  CreatedCluster,
  IpLookup,
  ReconfigureResult,
} from '@opssight/plugin-clusters-common';
import { auditEvents, expectErrorAnswer } from '@opssight/plugin-testing-node';
import yaml from 'js-yaml';
import request from 'supertest';
import {
  ADA,
  ALICE,
  startClustersBackend,
} from './__testUtils__/clustersBackend';

jest.setTimeout(60_000);

const UNKNOWN_ID = '6f1c1a2e-0000-4000-8000-000000000000';

describe('clusters router', () => {
  let t: Awaited<ReturnType<typeof startClustersBackend>>;

  beforeEach(async () => {
    t = await startClustersBackend();
    // The lab: three masters and two workers, registered.
    await t.machine({ ip: '10.0.0.11', hostname: 'm1', sshUser: 'ubuntu' });
    await t.machine({ ip: '10.0.0.12', hostname: 'm2' });
    await t.machine({ ip: '10.0.0.13', hostname: 'm3' });
    await t.machine({ ip: '10.0.0.21', hostname: 'w1', sshPort: 2222 });
    await t.machine({ ip: '10.0.0.22', hostname: 'w2' });
  });

  const create = (body: object, user = ALICE) =>
    t.call('post', '/api/clusters/clusters', user, body);

  async function created(body: object = {}): Promise<CreatedCluster> {
    const res = await create({
      name: 'prod-eu-1',
      environment: 'production',
      masters: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
      workers: ['10.0.0.21'],
      ...body,
    });
    expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
    return res.body;
  }

  async function history(id: string): Promise<ClusterChange[]> {
    const res = await t.call(
      'get',
      `/api/clusters/clusters/${id}/history`,
      ALICE,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  it('refuses requests without an identity', async () => {
    for (const [method, path] of [
      ['get', '/clusters'],
      ['post', '/clusters'],
      ['post', '/ip-lookup'],
      ['get', `/clusters/${UNKNOWN_ID}/inventory`],
    ] as const) {
      const res = await request(t.server)
        [method](`/api/clusters${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it('creates a cluster of registered machines, with its nodes, a created change, warnings and an event', async () => {
    const res = await create({
      name: 'prod-eu-1',
      environment: 'production',
      description: 'Shop',
      masters: ['10.0.0.11', '10.0.0.12'],
      workers: ['10.0.0.21'],
      loadBalancerIp: '10.0.0.5',
    });
    expect(res.status).toBe(201);
    const cluster: CreatedCluster = res.body;
    expect(cluster).toMatchObject({
      name: 'prod-eu-1',
      environment: 'production',
      description: 'Shop',
      owner: 'group:default/platform-team',
      loadBalancerIp: '10.0.0.5',
      apiUrl: null,
      apiTokenCredentialId: null,
      createdBy: ALICE,
      health: { state: 'unknown' },
      warnings: [
        '2 masters: etcd needs a majority, so 2 masters tolerate no more failures than 1; use an odd number (1 or 3)',
      ],
    });
    expect(
      cluster.nodes.map(n => [n.ip, n.role, n.hostname, n.hostKeyPinned]),
    ).toEqual([
      ['10.0.0.11', 'master', 'm1', false],
      ['10.0.0.12', 'master', 'm2', false],
      ['10.0.0.21', 'worker', 'w1', false],
    ]);
    expect(cluster.nodes.every(n => n.machineId)).toBe(true);

    const { warnings: _, ...stored } = cluster;
    expect(
      (await t.call('get', `/api/clusters/clusters/${cluster.id}`, ALICE)).body,
    ).toEqual(stored);
    expect(
      (await t.call('get', '/api/clusters/clusters/by-name/prod-eu-1', ALICE))
        .body,
    ).toEqual(stored);
    expect(await history(cluster.id)).toEqual([
      expect.objectContaining({
        kind: 'created',
        by: ALICE,
        before: null,
        after: {
          masters: ['10.0.0.11', '10.0.0.12'],
          workers: ['10.0.0.21'],
          loadBalancerIp: '10.0.0.5',
        },
      }),
    ]);
    expect(t.events).toEqual([{ type: 'upserted', clusters: [stored] }]);
    expect(
      auditEvents(t.logs).filter(e => e.eventId === 'cluster-create'),
    ).toEqual([
      expect.objectContaining({
        status: 'initiated',
        actorId: ALICE,
        meta: expect.objectContaining({
          name: 'prod-eu-1',
          masters: ['10.0.0.11', '10.0.0.12'],
          workers: ['10.0.0.21'],
        }),
      }),
      expect.objectContaining({ status: 'succeeded' }),
    ]);

    // A second cluster on a node of the first: allowed, with a warning.
    const second = await create({
      name: 'shared-node',
      environment: 'staging',
      masters: ['10.0.0.21'],
    });
    expect(second.status).toBe(201);
    expect(second.body.warnings).toEqual([
      "10.0.0.21 is already a node of 'prod-eu-1'",
    ]);
  });

  it('refuses bad clusters with a 400 or 409 naming the field, and stores nothing', async () => {
    await created();
    const cases: Array<[object, number, string]> = [
      [
        {
          masters: ['10.0.0.11', '10.0.0.99'],
          workers: ['10.0.0.21', '10.0.0.98'],
        },
        400,
        'Invalid cluster: masters.1: 10.0.0.99 is not a registered machine; register it first; workers.1: 10.0.0.98 is not a registered machine; register it first',
      ],
      [
        {
          masters: ['10.0.0.11', '10.0.0.12'],
          workers: ['10.0.0.22', '10.0.0.12'],
        },
        400,
        'Invalid cluster: workers.1: 10.0.0.12 is already listed as master 2',
      ],
      [
        { masters: [] },
        400,
        'Invalid cluster: masters: at least one master is required',
      ],
      [
        { name: 'Prod_EU' },
        400,
        "Invalid cluster: name: must be a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit",
      ],
      [
        { masters: ['10.0.0.300'], nodes: 3 },
        400,
        "Invalid cluster: unknown field 'nodes'; masters.0: '10.0.0.300' is not a valid IPv4 or IPv6 address",
      ],
      [
        { apiTokenCredentialId: UNKNOWN_ID },
        400,
        "apiTokenCredentialId: the chosen credential is not in the vault (deleted, or another user's personal credential)",
      ],
      [
        { name: 'prod-eu-1' },
        409,
        "name: a cluster named 'prod-eu-1' already exists",
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await create({
        name: 'new-cluster',
        environment: 'production',
        masters: ['10.0.0.11'],
        ...body,
      });
      expect([res.status, res.body.error?.message]).toEqual([status, message]);
    }
    const malformed = await request(t.server)
      .post('/api/clusters/clusters')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect([malformed.status, malformed.body.error.message]).toEqual([
      400,
      'Malformed JSON body',
    ]);

    const list = await t.call('get', '/api/clusters/clusters', ALICE);
    expect(list.body.totalCount).toBe(1);
    expect(t.events).toHaveLength(1);
  });

  it('reads, lists, filters and names a missing cluster', async () => {
    const prod = await created();
    await created({
      name: 'stage-1',
      environment: 'staging',
      description: 'Payments',
      masters: ['10.0.0.22'],
      workers: [],
    });
    const names = async (query: string) =>
      (
        await t.call('get', `/api/clusters/clusters${query}`, ALICE)
      ).body.items.map((c: Cluster) => c.name);
    expect(await names('')).toEqual(['prod-eu-1', 'stage-1']);
    expect(await names('?environment=staging')).toEqual(['stage-1']);
    expect(await names('?q=EU')).toEqual(['prod-eu-1']);
    expect(await names('?q=payments')).toEqual(['stage-1']);
    expect(await names('?limit=1&offset=1')).toEqual(['stage-1']);
    const badLimit = await t.call(
      'get',
      '/api/clusters/clusters?limit=0',
      ALICE,
    );
    expect([badLimit.status, badLimit.body.error.message]).toEqual([
      400,
      'Invalid query: limit: must be between 1 and 1000',
    ]);

    for (const path of [
      `/clusters/${UNKNOWN_ID}`,
      `/clusters/${UNKNOWN_ID}/history`,
      `/clusters/${UNKNOWN_ID}/inventory`,
    ]) {
      const res = await t.call('get', `/api/clusters${path}`, ALICE);
      expect([res.status, res.body.error.message]).toEqual([
        404,
        `No cluster with id '${UNKNOWN_ID}'`,
      ]);
    }
    const byName = await t.call(
      'get',
      '/api/clusters/clusters/by-name/nope',
      ALICE,
    );
    expect([byName.status, byName.body.error.message]).toEqual([
      404,
      "No cluster named 'nope'",
    ]);
    expect(prod.id).toEqual(expect.any(String));
  });

  it('changes details, checking the API token credential on the caller’s behalf', async () => {
    const cluster = await created();
    const patch = (body: object) =>
      t.call('patch', `/api/clusters/clusters/${cluster.id}`, ALICE, body);

    const res = await patch({
      description: 'Shop backend',
      owner: 'group:default/sre',
      apiUrl: 'https://10.0.0.10:6443',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      description: 'Shop backend',
      owner: 'group:default/sre',
      apiUrl: 'https://10.0.0.10:6443',
    });
    expect(res.body.updatedAt > cluster.updatedAt).toBe(true);
    const [updated] = await history(cluster.id);
    expect(updated).toMatchObject({
      kind: 'updated',
      by: ALICE,
      fields: ['description', 'owner', 'apiUrl'],
      diff: { empty: true },
    });

    const personalToken = await t.credential(ALICE, {
      kind: 'api-token',
      name: 'my-token',
      token: 'personal-token-123',
    });
    const sharedPassword = await t.credential(ADA, {
      kind: 'password',
      name: 'db',
      scope: 'shared',
      password: 'db-password-123',
    });
    const sharedToken = await t.credential(ADA, {
      kind: 'api-token',
      name: 'cluster-reader',
      scope: 'shared',
      token: 'shared-token-123',
      allowedDestinations: ['https://10.0.0.10:6443/'],
    });
    const adaPersonal = await t.credential(ADA, {
      kind: 'api-token',
      name: 'ada-token',
      token: 'ada-token-123',
    });
    const refusals: Array<[string, number, string]> = [
      [
        personalToken,
        400,
        "apiTokenCredentialId: credential 'my-token' is personal; health checks run with no user present, so the token must be a shared credential (admins add them in the vault)",
      ],
      [
        sharedPassword,
        400,
        "apiTokenCredentialId: credential 'db' is a password; health checks call the Kubernetes API with an API token (a service-account token)",
      ],
      [
        // Another user's personal credential is, to Alice, not there.
        adaPersonal,
        400,
        "apiTokenCredentialId: the chosen credential is not in the vault (deleted, or another user's personal credential)",
      ],
      [
        'token',
        400,
        'Invalid cluster: apiTokenCredentialId: must be a credential id (a UUID)',
      ],
    ];
    for (const [id, status, message] of refusals) {
      const refused = await patch({ apiTokenCredentialId: id });
      expect([refused.status, refused.body.error?.message]).toEqual([
        status,
        message,
      ]);
    }
    const ok = await patch({ apiTokenCredentialId: sharedToken });
    expect(ok.status).toBe(200);
    expect(ok.body.apiTokenCredentialId).toBe(sharedToken);

    // Nothing that changes nothing is recorded; bad input changes nothing.
    expect((await patch({ owner: 'group:default/sre' })).status).toBe(200);
    const bad = await patch({ masters: ['10.0.0.1'] });
    expect([bad.status, bad.body.error?.message]).toEqual([
      400,
      "Invalid cluster: unknown field 'masters'",
    ]);
    expect((await history(cluster.id)).map(c => [c.kind, c.fields])).toEqual([
      ['updated', ['apiTokenCredentialId']],
      ['updated', ['description', 'owner', 'apiUrl']],
      ['created', []],
    ]);
    expect(
      (
        await t.call('patch', `/api/clusters/clusters/${UNKNOWN_ID}`, ALICE, {
          description: 'x',
        })
      ).status,
    ).toBe(404);
    // The vault was asked about credentials, never for a secret.
    expect(
      auditEvents(t.logs).filter(e => e.eventId === 'credential-checkout'),
    ).toEqual([]);
    for (const text of [...t.responses, ...t.logs.lines]) {
      expect(text).not.toMatch(
        /(personal|shared|ada)-token-123|db-password-123/,
      );
    }
  });

  it('renames a cluster: a taken or bad name is refused and changes nothing, the catalog entity is replaced', async () => {
    const cluster = await created();
    await created({
      name: 'prod-us-1',
      masters: ['10.0.0.22'],
      workers: [],
    });
    const patch = (body: object, user = ALICE) =>
      t.call('patch', `/api/clusters/clusters/${cluster.id}`, user, body);

    const taken = await patch({ name: 'prod-us-1', description: 'x' });
    expect([taken.status, taken.body.error.message]).toEqual([
      409,
      "name: a cluster named 'prod-us-1' already exists",
    ]);
    const bad = await patch({ name: 'Prod EU' });
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      "Invalid cluster: name: must be a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit",
    ]);
    expect(
      (await t.call('get', `/api/clusters/clusters/${cluster.id}`, ALICE)).body,
    ).toMatchObject({ name: 'prod-eu-1', description: '' });

    const renamed = await patch({
      name: 'prod-eu-2',
      environment: 'staging',
      description: 'Shop, second generation',
    });
    expect([renamed.status, renamed.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    expect(renamed.body).toMatchObject({
      id: cluster.id,
      name: 'prod-eu-2',
      environment: 'staging',
      description: 'Shop, second generation',
    });
    expect(
      (await t.call('get', '/api/clusters/clusters/by-name/prod-eu-2', ALICE))
        .body.id,
    ).toBe(cluster.id);
    expect((await history(cluster.id))[0]).toMatchObject({
      kind: 'updated',
      fields: ['name', 'description', 'environment'],
    });
    expect(t.events.map(e => [e.type, e.clusters[0].name])).toEqual([
      ['upserted', 'prod-eu-1'],
      ['upserted', 'prod-us-1'],
      ['deleted', 'prod-eu-1'],
      ['upserted', 'prod-eu-2'],
    ]);
    const audit = auditEvents(t.logs).filter(
      e => e.eventId === 'cluster-update',
    );
    expect(audit.at(-1)?.meta).toMatchObject({
      name: 'prod-eu-1',
      newName: 'prod-eu-2',
    });

    // Viewers may not; unknown clusters are a 404.
    expect((await patch({ name: 'x' }, 'user:default/vic')).status).toBe(403);
    expect(
      (
        await t.call('patch', `/api/clusters/clusters/${UNKNOWN_ID}`, ALICE, {
          name: 'x',
        })
      ).status,
    ).toBe(404);
  });

  it('deletes a cluster, and announces it', async () => {
    const cluster = await created();
    const res = await t.call(
      'delete',
      `/api/clusters/clusters/${cluster.id}`,
      ALICE,
    );
    expect(res.status).toBe(204);
    expect(
      (await t.call('get', `/api/clusters/clusters/${cluster.id}`, ALICE))
        .status,
    ).toBe(404);
    expect(
      (await t.call('delete', `/api/clusters/clusters/${cluster.id}`, ALICE))
        .status,
    ).toBe(404);
    expect(t.events.map(e => [e.type, e.clusters[0].name])).toEqual([
      ['upserted', 'prod-eu-1'],
      ['deleted', 'prod-eu-1'],
    ]);
  });

  it('previews a reconfiguration without changing anything, then applies it with optimistic concurrency', async () => {
    const cluster = await created();
    const topology = {
      masters: ['10.0.0.11', '10.0.0.12', '10.0.0.21'],
      workers: ['10.0.0.22'],
      loadBalancerIp: '10.0.0.5',
    };
    const expectedDiff = {
      masters: { added: ['10.0.0.21'], removed: ['10.0.0.13'] },
      workers: { added: ['10.0.0.22'], removed: ['10.0.0.21'] },
      loadBalancer: { from: null, to: '10.0.0.5' },
      empty: false,
    };
    const preview = await t.call(
      'post',
      `/api/clusters/clusters/${cluster.id}/topology/preview`,
      ALICE,
      topology,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ diff: expectedDiff, warnings: [] });
    const unchanged = (
      await t.call('get', `/api/clusters/clusters/${cluster.id}`, ALICE)
    ).body;
    const { warnings: _, ...asCreated } = cluster;
    expect(unchanged).toEqual(asCreated);
    expect(await history(cluster.id)).toHaveLength(1);

    const evenPreview = await t.call(
      'post',
      `/api/clusters/clusters/${cluster.id}/topology/preview`,
      ALICE,
      { masters: ['10.0.0.11', '10.0.0.12'], workers: ['10.0.0.99'] },
    );
    expect([evenPreview.status, evenPreview.body.error?.message]).toEqual([
      400,
      'Invalid topology: workers.0: 10.0.0.99 is not a registered machine; register it first',
    ]);

    const apply = (body: object) =>
      t.call(
        'put',
        `/api/clusters/clusters/${cluster.id}/topology`,
        ALICE,
        body,
      );
    const applied = await apply({
      ...topology,
      expectedUpdatedAt: cluster.updatedAt,
    });
    expect(applied.status).toBe(200);
    const result: ReconfigureResult = applied.body;
    expect(result.diff).toEqual(expectedDiff);
    expect(result.change).toMatchObject({
      kind: 'reconfigured',
      by: ALICE,
      before: {
        masters: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
        workers: ['10.0.0.21'],
        loadBalancerIp: null,
      },
      after: topology,
      diff: expectedDiff,
    });
    expect(result.cluster.nodes.map(n => [n.ip, n.role, n.hostname])).toEqual([
      ['10.0.0.11', 'master', 'm1'],
      ['10.0.0.12', 'master', 'm2'],
      ['10.0.0.21', 'master', 'w1'],
      ['10.0.0.22', 'worker', 'w2'],
    ]);
    expect(result.cluster.loadBalancerIp).toBe('10.0.0.5');
    expect((await history(cluster.id)).map(c => c.kind)).toEqual([
      'reconfigured',
      'created',
    ]);
    expect(t.events.map(e => e.type)).toEqual(['upserted', 'upserted']);

    // The version the user edited is gone: 409, and nothing changes.
    const stale = await apply({
      masters: ['10.0.0.11'],
      workers: [],
      expectedUpdatedAt: cluster.updatedAt,
    });
    expectErrorAnswer(
      stale,
      409,
      `Cluster 'prod-eu-1' was changed at ${result.cluster.updatedAt}, after the version you edited (${cluster.updatedAt}); reload it and apply your change again`,
    );
    // Added IPs must be registered machines.
    const unregistered = await apply({
      masters: ['10.0.0.11', '10.0.0.98', '10.0.0.12'],
      workers: [],
    });
    expect([unregistered.status, unregistered.body.error.message]).toEqual([
      400,
      'Invalid topology: masters.1: 10.0.0.98 is not a registered machine; register it first',
    ]);
    const duplicate = await apply({
      masters: ['10.0.0.11'],
      workers: ['10.0.0.11'],
    });
    expect([duplicate.status, duplicate.body.error.message]).toEqual([
      400,
      'Invalid topology: workers.0: 10.0.0.11 is already listed as master 1',
    ]);
    const after = (
      await t.call('get', `/api/clusters/clusters/${cluster.id}`, ALICE)
    ).body;
    expect(after).toEqual(result.cluster);

    // The same topology: 200, no change recorded.
    const same = await apply({
      ...topology,
      expectedUpdatedAt: result.cluster.updatedAt,
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ change: null, diff: { empty: true } });
    expect(same.body.cluster).toEqual(result.cluster);
    expect((await history(cluster.id)).map(c => c.kind)).toEqual([
      'reconfigured',
      'created',
    ]);
    expect(
      auditEvents(t.logs)
        .filter(e => e.eventId === 'cluster-reconfigure')
        .map(e => e.status),
    ).toEqual(['initiated', 'succeeded', 'initiated', 'failed']);
  });

  it('serves a Kubespray inventory of the cluster', async () => {
    const cluster = await created({ loadBalancerIp: '10.0.0.5' });
    const res = await t.call(
      'get',
      `/api/clusters/clusters/${cluster.id}/inventory`,
      ALICE,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="prod-eu-1-hosts.yaml"',
    );
    const inventory = yaml.load(res.text) as any;
    expect(inventory.all.hosts.m1).toEqual({
      ansible_host: '10.0.0.11',
      ip: '10.0.0.11',
      access_ip: '10.0.0.11',
      ansible_user: 'ubuntu',
    });
    expect(inventory.all.hosts.w1.ansible_port).toBe(2222);
    expect(
      Object.keys(inventory.all.children.kube_control_plane.hosts),
    ).toEqual(['m1', 'm2', 'm3']);
    expect(Object.keys(inventory.all.children.etcd.hosts)).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
    expect(Object.keys(inventory.all.children.kube_node.hosts)).toEqual(['w1']);
    expect(inventory.all.children.k8s_cluster.children).toEqual({
      kube_control_plane: null,
      kube_node: null,
    });
    expect(inventory.all.children.calico_rr).toEqual({ hosts: {} });
    expect(inventory.all.vars).toEqual({
      loadbalancer_apiserver: { address: '10.0.0.5', port: 6443 },
      loadbalancer_apiserver_localhost: false,
    });
  });

  it('looks IPs up in the registry and the clusters', async () => {
    await created({ masters: ['10.0.0.11'], workers: [] });
    const res = await t.call('post', '/api/clusters/ip-lookup', ALICE, {
      ips: ['10.0.0.11', ' 10.0.0.12 ', '10.0.0.99', '10.0.0.11'],
    });
    expect(res.status).toBe(200);
    const lookups: IpLookup[] = res.body;
    expect(lookups).toEqual([
      {
        ip: '10.0.0.11',
        machine: {
          id: expect.any(String),
          hostname: 'm1',
          hostKeyPinned: false,
        },
        clusters: ['prod-eu-1'],
      },
      {
        ip: '10.0.0.12',
        machine: {
          id: expect.any(String),
          hostname: 'm2',
          hostKeyPinned: false,
        },
        clusters: [],
      },
      { ip: '10.0.0.99', machine: null, clusters: [] },
    ]);
    const bad = await t.call('post', '/api/clusters/ip-lookup', ALICE, {
      ips: ['x'],
    });
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      "Invalid IP lookup: ips.0: 'x' is not a valid IPv4 or IPv6 address",
    ]);
  });

  it('looks many IPs up by paging through the registry', async () => {
    const ips = Array.from({ length: 25 }, (_, i) => `10.1.0.${i + 1}`);
    for (const ip of ips.slice(0, 24)) {
      await t.machine({ ip, hostname: `n-${ip.split('.')[3]}` });
    }
    const res = await t.call('post', '/api/clusters/ip-lookup', ALICE, { ips });
    expect(res.status).toBe(200);
    expect(res.body.filter((l: IpLookup) => l.machine).length).toBe(24);
    expect(res.body[24]).toEqual({
      ip: '10.1.0.25',
      machine: null,
      clusters: [],
    });
    expect(res.body[9].machine.hostname).toBe('n-10');
  });

  it("follows the machine registry: a renamed machine shows on its nodes, and a node's machine is not deleted", async () => {
    const cluster = await created();
    const w1 = cluster.nodes.find(n => n.ip === '10.0.0.21')!;
    const renamed = await t.call(
      'put',
      `/api/machines/machines/${w1.machineId}`,
      ALICE,
      {
        ip: '10.0.0.21',
        hostname: 'worker-1',
      },
    );
    expect(renamed.status).toBe(200);
    // A node's machine is not deleted from under its cluster (the machines
    // plugin asks this one): it must leave the cluster first.
    const refused = await t.call(
      'delete',
      `/api/machines/machines/${cluster.nodes[0].machineId}`,
      ALICE,
    );
    expectErrorAnswer(
      refused,
      409,
      `${cluster.nodes[0].hostname} is a node of cluster ${cluster.name}: remove it from that cluster first`,
    );
    const after: Cluster = (
      await t.call('get', `/api/clusters/clusters/${cluster.id}`, ALICE)
    ).body;
    expect(
      after.nodes.map(n => [n.ip, n.hostname, n.machineId !== null]),
    ).toEqual([
      ['10.0.0.11', cluster.nodes[0].hostname, true],
      ['10.0.0.12', 'm2', true],
      ['10.0.0.13', 'm3', true],
      ['10.0.0.21', 'worker-1', true],
    ]);
    // Re-announced for the catalog, whose entities name the machines.
    expect(t.events.every(e => e.type === 'upserted')).toBe(true);
    expect(t.events[t.events.length - 1].clusters[0].nodes).toEqual(
      after.nodes,
    );
  });
});
