import { storeTest } from '@opssight/plugin-testing-node';
import { DatabaseClustersStore } from './DatabaseClustersStore';
import { MachinesByIp, NewCluster } from './ClustersStore';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';

function machines(...entries: Array<[string, string]>): MachinesByIp {
  return new Map(
    entries.map(([ip, hostname], i) => [
      ip,
      { id: `m-${i}-${hostname}`, hostname, hostKeyPinned: i % 2 === 0 },
    ]),
  );
}

function newCluster(overrides: Partial<NewCluster> = {}): NewCluster {
  return {
    name: 'prod-eu-1',
    description: 'Shop backend',
    environment: 'production',
    owner: 'group:default/platform-team',
    topology: {
      masters: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
      workers: ['10.0.0.21'],
      loadBalancerIp: null,
    },
    apiUrl: null,
    apiCaData: null,
    apiTokenCredentialId: null,
    createdBy: ALICE,
    ...overrides,
  };
}

const NODES = machines(
  ['10.0.0.11', 'm1'],
  ['10.0.0.12', 'm2'],
  ['10.0.0.13', 'm3'],
  ['10.0.0.21', 'w1'],
  ['10.0.0.22', 'w2'],
);

storeTest('DatabaseClustersStore', DatabaseClustersStore.create, t => {
  it('creates a cluster with its nodes, their machines and a created change', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    expect(cluster).toMatchObject({
      name: 'prod-eu-1',
      environment: 'production',
      loadBalancerIp: null,
      createdBy: ALICE,
      health: { state: 'unknown', summary: 'Not checked yet' },
    });
    expect(cluster.createdAt).toBe(cluster.updatedAt);
    expect(cluster.nodes).toEqual([
      expect.objectContaining({
        ip: '10.0.0.11',
        role: 'master',
        hostname: 'm1',
        hostKeyPinned: true,
      }),
      expect.objectContaining({
        ip: '10.0.0.12',
        role: 'master',
        hostname: 'm2',
        hostKeyPinned: false,
      }),
      expect.objectContaining({
        ip: '10.0.0.13',
        role: 'master',
        hostname: 'm3',
      }),
      expect.objectContaining({
        ip: '10.0.0.21',
        role: 'worker',
        machineId: 'm-3-w1',
        lastSshCheck: null,
        kube: null,
      }),
    ]);
    expect(await t.store.getCluster(cluster.id)).toEqual(cluster);
    expect(await t.store.getClusterByName('prod-eu-1')).toEqual(cluster);

    const [created] = await t.store.listChanges(cluster.id);
    expect(created).toMatchObject({
      kind: 'created',
      by: ALICE,
      before: null,
      after: {
        masters: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
        workers: ['10.0.0.21'],
        loadBalancerIp: null,
      },
      diff: {
        masters: {
          added: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
          removed: [],
        },
        workers: { added: ['10.0.0.21'], removed: [] },
        empty: false,
      },
      fields: [],
    });

    await expect(t.store.createCluster(newCluster(), NODES)).rejects.toThrow(
      "name: a cluster named 'prod-eu-1' already exists",
    );
    await expect(t.store.getCluster('nope')).rejects.toThrow(
      "No cluster with id 'nope'",
    );
    await expect(t.store.getClusterByName('nope')).rejects.toThrow(
      "No cluster named 'nope'",
    );
  });

  it('lists by name, filters by environment and a substring of the name or description, and pages', async () => {
    await t.store.createCluster(newCluster({ name: 'b-prod' }), NODES);
    await t.store.createCluster(
      newCluster({
        name: 'a-stage',
        environment: 'staging',
        description: 'Payments 50%',
      }),
      NODES,
    );
    await t.store.createCluster(newCluster({ name: 'c-prod' }), NODES);
    const names = async (query: object) =>
      (await t.store.listClusters(query)).items.map(c => c.name);
    expect(await names({})).toEqual(['a-stage', 'b-prod', 'c-prod']);
    expect(await names({ environment: 'production' })).toEqual([
      'b-prod',
      'c-prod',
    ]);
    expect(await names({ q: 'PROD' })).toEqual(['b-prod', 'c-prod']);
    expect(await names({ q: 'payments' })).toEqual(['a-stage']);
    // LIKE wildcards are matched literally.
    expect(await names({ q: '50%' })).toEqual(['a-stage']);
    expect(await names({ q: '_' })).toEqual([]);
    const page = await t.store.listClusters({ limit: 1, offset: 1 });
    expect(page.totalCount).toBe(3);
    expect(page.items.map(c => c.name)).toEqual(['b-prod']);
    expect(page.items[0].nodes).toHaveLength(4);
  });

  it('updates details, naming only the fields that changed, with a later updatedAt each time', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    const first = await t.store.updateCluster(
      cluster.id,
      {
        description: 'Shop backend',
        owner: 'group:default/sre',
        apiUrl: 'https://10.0.0.10:6443',
      },
      'user:default/bob',
    );
    expect(first.change).toMatchObject({
      kind: 'updated',
      by: 'user:default/bob',
      fields: ['owner', 'apiUrl'],
      diff: { empty: true },
    });
    expect(first.change!.before).toEqual(first.change!.after);
    expect(first.cluster).toMatchObject({
      owner: 'group:default/sre',
      apiUrl: 'https://10.0.0.10:6443',
    });
    expect(first.cluster.updatedAt > cluster.updatedAt).toBe(true);

    // Within the same millisecond, still later.
    const second = await t.store.updateCluster(
      cluster.id,
      { description: 'x' },
      ALICE,
    );
    expect(second.cluster.updatedAt > first.cluster.updatedAt).toBe(true);

    const same = await t.store.updateCluster(
      cluster.id,
      { description: 'x' },
      ALICE,
    );
    expect(same.change).toBeNull();
    expect(same.cluster.updatedAt).toBe(second.cluster.updatedAt);
    expect((await t.store.listChanges(cluster.id)).map(c => c.kind)).toEqual([
      'updated',
      'updated',
      'created',
    ]);
  });

  it('reconfigures: diff, history newest first, nodes that stay keep their check, and nothing for the same topology', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    await t.store.recordHealthCheck(cluster.id, {
      checkedAt: '2026-11-25T10:00:00.000Z',
      ssh: new Map([
        [
          '10.0.0.21',
          {
            checkedAt: '2026-11-25T10:00:00.000Z',
            reachable: true,
            sshOk: true,
            latencyMs: 1,
            errorKind: null,
            message: null,
          },
        ],
      ]),
      api: null,
      machines: NODES,
    });
    const topology = {
      masters: ['10.0.0.11', '10.0.0.12', '10.0.0.21'],
      workers: ['10.0.0.22'],
      loadBalancerIp: '10.0.0.5',
    };
    const result = await t.store.reconfigure(cluster.id, topology, {
      by: 'user:default/bob',
      expectedUpdatedAt: cluster.updatedAt,
      machines: machines(['10.0.0.22', 'w2-new']),
    });
    expect(result.diff).toEqual({
      masters: { added: ['10.0.0.21'], removed: ['10.0.0.13'] },
      workers: { added: ['10.0.0.22'], removed: ['10.0.0.21'] },
      loadBalancer: { from: null, to: '10.0.0.5' },
      empty: false,
    });
    expect(result.change).toMatchObject({
      kind: 'reconfigured',
      by: 'user:default/bob',
      before: {
        masters: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
        workers: ['10.0.0.21'],
        loadBalancerIp: null,
      },
      after: topology,
      diff: result.diff,
    });
    expect(result.cluster.loadBalancerIp).toBe('10.0.0.5');
    expect(result.cluster.nodes.map(n => [n.ip, n.role, n.hostname])).toEqual([
      ['10.0.0.11', 'master', 'm1'],
      ['10.0.0.12', 'master', 'm2'],
      ['10.0.0.21', 'master', 'w1'],
      ['10.0.0.22', 'worker', 'w2-new'],
    ]);
    expect(
      result.cluster.nodes.find(n => n.ip === '10.0.0.21')!.lastSshCheck,
    ).toMatchObject({ sshOk: true });
    expect(result.cluster.updatedAt > cluster.updatedAt).toBe(true);

    const again = await t.store.reconfigure(cluster.id, topology, {
      by: ALICE,
      machines: new Map(),
    });
    expect(again.change).toBeNull();
    expect(again.diff.empty).toBe(true);
    expect(again.cluster.updatedAt).toBe(result.cluster.updatedAt);

    const history = await t.store.listChanges(cluster.id);
    expect(history.map(c => c.kind)).toEqual(['reconfigured', 'created']);
    expect(history[0]).toEqual(result.change);
  });

  it('renames a cluster, refusing a name another cluster has', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    await t.store.createCluster(
      newCluster({
        name: 'prod-us-1',
        topology: {
          masters: ['10.0.0.21'],
          workers: [],
          loadBalancerIp: null,
        },
      }),
      NODES,
    );
    await expect(
      t.store.updateCluster(cluster.id, { name: 'prod-us-1' }, ALICE),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: "name: a cluster named 'prod-us-1' already exists",
    });
    expect((await t.store.getCluster(cluster.id)).name).toBe('prod-eu-1');
    const { cluster: renamed, change } = await t.store.updateCluster(
      cluster.id,
      { name: 'prod-eu-2' },
      ALICE,
    );
    expect(renamed.name).toBe('prod-eu-2');
    expect(change?.fields).toEqual(['name']);
    expect((await t.store.getClusterByName('prod-eu-2')).id).toBe(cluster.id);
  });

  it('refuses a stale version with a 409 and changes nothing', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    await t.store.updateCluster(
      cluster.id,
      { description: 'edited meanwhile' },
      'user:default/bob',
    );
    await expect(
      t.store.reconfigure(
        cluster.id,
        { masters: ['10.0.0.11'], workers: [], loadBalancerIp: null },
        {
          by: ALICE,
          expectedUpdatedAt: cluster.updatedAt,
          machines: new Map(),
        },
      ),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /^Cluster 'prod-eu-1' was changed at .*, after the version you edited/,
      ),
    });
    // Even when the topology is the same: the user edited an old version.
    await expect(
      t.store.reconfigure(
        cluster.id,
        {
          masters: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
          workers: ['10.0.0.21'],
          loadBalancerIp: null,
        },
        {
          by: ALICE,
          expectedUpdatedAt: cluster.updatedAt,
          machines: new Map(),
        },
      ),
    ).rejects.toThrow(/was changed at/);
    const after = await t.store.getCluster(cluster.id);
    expect(after.nodes).toHaveLength(4);
    expect((await t.store.listChanges(cluster.id)).map(c => c.kind)).toEqual([
      'updated',
      'created',
    ]);
  });

  it('lets one of two concurrent edits of the same version win', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    const edit = (masters: string[]) =>
      t.store.reconfigure(
        cluster.id,
        { masters, workers: [], loadBalancerIp: null },
        { by: ALICE, expectedUpdatedAt: cluster.updatedAt, machines: NODES },
      );
    const outcomes = await Promise.allSettled([
      edit(['10.0.0.11']),
      edit(['10.0.0.12']),
    ]);
    expect(outcomes.map(o => o.status).sort()).toEqual([
      'fulfilled',
      'rejected',
    ]);
    expect(await t.store.listChanges(cluster.id)).toHaveLength(2);
  });

  it('deletes a cluster with its nodes and history', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    const other = await t.store.createCluster(
      newCluster({ name: 'other' }),
      NODES,
    );
    const deleted = await t.store.deleteCluster(cluster.id);
    expect(deleted).toEqual(cluster);
    await expect(t.store.getCluster(cluster.id)).rejects.toThrow(/No cluster/);
    await expect(t.store.listChanges(cluster.id)).rejects.toThrow(/No cluster/);
    expect(await t.store.getAllClusterIds()).toEqual([other.id]);
    expect(await t.store.clusterNamesByIp(['10.0.0.11'])).toEqual(
      new Map([['10.0.0.11', ['other']]]),
    );
    await expect(t.store.deleteCluster(cluster.id)).rejects.toThrow(
      /No cluster/,
    );
  });

  it('names the clusters an IP belongs to', async () => {
    await t.store.createCluster(newCluster({ name: 'b' }), NODES);
    await t.store.createCluster(
      newCluster({
        name: 'a',
        topology: {
          masters: ['10.0.0.11'],
          workers: ['10.0.0.99'],
          loadBalancerIp: null,
        },
      }),
      NODES,
    );
    expect(
      await t.store.clusterNamesByIp([
        '10.0.0.11',
        '10.0.0.99',
        '10.0.0.21',
        '10.9.9.9',
      ]),
    ).toEqual(
      new Map([
        ['10.0.0.11', ['a', 'b']],
        ['10.0.0.99', ['a']],
        ['10.0.0.21', ['b']],
      ]),
    );
  });

  it('records health checks without touching updatedAt, and clears the API check when the API changes', async () => {
    const cluster = await t.store.createCluster(
      newCluster({
        apiUrl: 'https://10.0.0.10:6443',
        apiTokenCredentialId: '6f1c1a2e-0000-4000-8000-000000000000',
      }),
      NODES,
    );
    const at = '2026-11-25T10:00:00.000Z';
    const ok = {
      checkedAt: at,
      reachable: true,
      sshOk: true,
      latencyMs: 2,
      errorKind: null,
      message: null,
    };
    const checked = await t.store.recordHealthCheck(cluster.id, {
      checkedAt: at,
      ssh: new Map(
        ['10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.21'].map(ip => [
          ip,
          ok,
        ]),
      ),
      api: {
        checkedAt: at,
        ready: true,
        message: null,
        nodes: [
          { name: 'm1', internalIp: '10.0.0.11', ready: true, pressure: [] },
          { name: 'm2', internalIp: '10.0.0.12', ready: true, pressure: [] },
          { name: 'm3', internalIp: '10.0.0.13', ready: true, pressure: [] },
          {
            name: 'w1',
            internalIp: '10.0.0.21',
            ready: true,
            pressure: ['DiskPressure'],
          },
        ],
      },
      // 10.0.0.13's machine left the registry.
      machines: new Map([...NODES].filter(([ip]) => ip !== '10.0.0.13')),
    });
    expect(checked.updatedAt).toBe(cluster.updatedAt);
    expect(checked.health).toMatchObject({
      state: 'degraded',
      summary: '4/4 nodes reachable · API ready · 4/4 Ready · 1 under pressure',
      checkedAt: at,
      ssh: { total: 4, reachable: 4 },
    });
    expect(checked.nodes.find(n => n.ip === '10.0.0.21')!.kube).toEqual({
      name: 'w1',
      internalIp: '10.0.0.21',
      ready: true,
      pressure: ['DiskPressure'],
    });
    expect(checked.nodes.find(n => n.ip === '10.0.0.13')).toMatchObject({
      machineId: null,
      hostname: null,
      hostKeyPinned: false,
    });

    const { cluster: moved } = await t.store.updateCluster(
      cluster.id,
      { apiUrl: 'https://10.0.0.5:6443' },
      ALICE,
    );
    expect(moved.health.api).toBeNull();
    expect(moved.nodes.every(n => n.kube === null)).toBe(true);
    expect(moved.health.summary).toBe('4/4 nodes reachable');
  });

  it('follows machine changes at the nodes’ IPs', async () => {
    const cluster = await t.store.createCluster(newCluster(), NODES);
    const other = await t.store.createCluster(
      newCluster({
        name: 'other',
        topology: {
          masters: ['10.0.0.99'],
          workers: [],
          loadBalancerIp: null,
        },
      }),
      new Map(),
    );
    const m1 = cluster.nodes[0];
    // Unchanged: nothing to announce.
    expect(
      await t.store.applyMachineChanges({
        upserted: [
          {
            id: m1.machineId!,
            ip: '10.0.0.11',
            hostname: 'm1',
            hostKeyFingerprint: 'SHA256:x',
          },
        ],
        deleted: [],
      }),
    ).toEqual([]);
    // Renamed, and a machine registered at the other cluster's IP.
    expect(
      (
        await t.store.applyMachineChanges({
          upserted: [
            {
              id: m1.machineId!,
              ip: '10.0.0.11',
              hostname: 'm1-renamed',
              hostKeyFingerprint: null,
            },
            {
              id: 'new',
              ip: '10.0.0.99',
              hostname: 'late',
              hostKeyFingerprint: null,
            },
          ],
          deleted: [],
        })
      ).sort(),
    ).toEqual([cluster.id, other.id].sort());
    expect((await t.store.getCluster(cluster.id)).nodes[0]).toMatchObject({
      hostname: 'm1-renamed',
      hostKeyPinned: false,
    });
    expect((await t.store.getCluster(other.id)).nodes[0].machineId).toBe('new');
    // Moved to another IP: the node at the old IP has no machine any more.
    expect(
      await t.store.applyMachineChanges({
        upserted: [
          {
            id: m1.machineId!,
            ip: '10.0.1.11',
            hostname: 'm1-renamed',
            hostKeyFingerprint: null,
          },
        ],
        deleted: [],
      }),
    ).toEqual([cluster.id]);
    expect(
      (await t.store.getCluster(cluster.id)).nodes[0].machineId,
    ).toBeNull();
    // Deleted.
    const w1 = cluster.nodes[3];
    expect(
      await t.store.applyMachineChanges({
        upserted: [],
        deleted: [
          {
            id: w1.machineId!,
            ip: w1.ip,
            hostname: 'w1',
            hostKeyFingerprint: null,
          },
        ],
      }),
    ).toEqual([cluster.id]);
    expect((await t.store.getCluster(cluster.id)).nodes[3]).toMatchObject({
      machineId: null,
      hostname: null,
    });
  });
});
