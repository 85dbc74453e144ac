import { Cluster } from '@opssight/plugin-clusters-common';
import {
  auditEvents,
  freePort,
  startFakeKubeApi,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import { ADA, ALICE, startKubeLab } from './__testUtils__/clustersBackend';

jest.setTimeout(90_000);

const TOKEN = 'kube-sa-token-0123456789abcdef';

describe('cluster health', () => {
  let sshd: TestSshd;
  let kube: Awaited<ReturnType<typeof startFakeKubeApi>>;
  let closedPort: number;

  beforeAll(async () => {
    // Two loopback addresses, so that two nodes answer on the same daemon.
    sshd = await startSshd({ listenAddresses: ['127.0.0.1', '127.0.0.3'] });
    kube = await startFakeKubeApi({ token: TOKEN });
    closedPort = await freePort();
  });

  afterAll(async () => {
    await sshd?.stop();
    await kube?.stop();
  });

  async function lab() {
    const started = await startKubeLab({ sshd, kube, token: TOKEN });
    const { t, m1 } = started;
    await t.machine({ ip: '127.0.0.3', hostname: 'w1', sshPort: sshd.port });
    // Nothing listens there.
    await t.machine({ ip: '127.0.0.4', hostname: 'w2', sshPort: closedPort });
    // A connection test pins m1's host key, which health checks then expect.
    await t.pin([m1.id], { credentialId: null });
    return started;
  }

  function expectNoTokenShown(t: Awaited<ReturnType<typeof lab>>['t']) {
    expect(t.logs.lines.length).toBeGreaterThan(0);
    for (const text of [...t.responses, ...t.logs.lines]) {
      expect(text).not.toContain(TOKEN);
    }
  }

  it('checks every node over SSH and the Kubernetes API with a shared token: healthy, degraded, unhealthy', async () => {
    const { t, tokenId, createLab, checkHealth } = await lab();
    kube.state.token = TOKEN;
    kube.state.nodes = [
      { name: 'm1', ip: '127.0.0.1' },
      { name: 'w1', ip: '127.0.0.3' },
    ];
    const created = await createLab(['127.0.0.3']);
    expect([created.status, created.body.error?.message]).toEqual([
      201,
      undefined,
    ]);
    const id = created.body.id;
    expect(created.body.health.state).toBe('unknown');
    const check = async (): Promise<Cluster> => {
      const res = await checkHealth(id);
      expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
      return res.body;
    };

    const healthy = await check();
    expect(healthy.health).toMatchObject({
      state: 'healthy',
      summary: '2/2 nodes reachable · API ready · 2/2 Ready',
      ssh: { total: 2, reachable: 2 },
      api: { ready: true, message: null },
    });
    expect(healthy.nodes[0]).toMatchObject({
      ip: '127.0.0.1',
      hostKeyPinned: true,
      lastSshCheck: { reachable: true, sshOk: true, errorKind: null },
      kube: { name: 'm1', internalIp: '127.0.0.1', ready: true, pressure: [] },
    });
    expect(healthy.nodes[1].kube).toMatchObject({ name: 'w1', ready: true });
    expect(healthy.updatedAt).toBe(created.body.updatedAt);
    expect(
      (await t.call('get', `/api/clusters/clusters/${id}`, ALICE)).body.health,
    ).toEqual(healthy.health);
    expect(new Set(kube.state.requests.map(r => r.authorization))).toEqual(
      new Set([`Bearer ${TOKEN}`]),
    );

    // A node under pressure, then one that does not answer.
    kube.state.nodes[1].pressure = ['DiskPressure'];
    expect((await check()).health).toMatchObject({
      state: 'degraded',
      summary: '2/2 nodes reachable · API ready · 2/2 Ready · 1 under pressure',
    });
    kube.state.nodes[1].pressure = [];
    const reconfigured = await t.call(
      'put',
      `/api/clusters/clusters/${id}/topology`,
      ALICE,
      {
        masters: ['127.0.0.1'],
        workers: ['127.0.0.3', '127.0.0.4'],
      },
    );
    expect(reconfigured.status).toBe(200);
    const degraded = await check();
    expect(degraded.health).toMatchObject({
      state: 'degraded',
      summary: '2/3 nodes reachable · API ready · 2/3 Ready',
    });
    expect(degraded.nodes[2]).toMatchObject({
      ip: '127.0.0.4',
      lastSshCheck: { reachable: false, sshOk: false, errorKind: 'refused' },
      kube: null,
    });

    // The API refuses the token: unhealthy, whatever SSH says.
    kube.state.token = 'rotated-token';
    const refused = await check();
    expect(refused.health).toMatchObject({
      state: 'unhealthy',
      summary: '2/3 nodes reachable · API not ready',
      api: {
        ready: false,
        message: '/readyz answered 401: the API token was not accepted',
        nodes: [],
      },
    });
    expect(refused.nodes.every(n => n.kube === null)).toBe(true);
    kube.state.token = TOKEN;

    // Without the cluster's CA, the API server's certificate is not trusted.
    await t.call('patch', `/api/clusters/clusters/${id}`, ALICE, {
      apiCaData: null,
    });
    const untrusted = await check();
    expect(untrusted.health.state).toBe('unhealthy');
    expect(untrusted.health.api?.message).toMatch(
      /^TLS: the API server's certificate is not trusted \(\w+\); set the cluster's CA certificate \(apiCaData\)$/,
    );

    // Each use of the token is the vault's audit event, by this plugin, saying why.
    const checkouts = auditEvents(t.logs).filter(
      e => e.eventId === 'credential-checkout' && e.status === 'succeeded',
    );
    expect(checkouts).toHaveLength(5);
    expect(checkouts[0]).toMatchObject({
      actorId: 'plugin:clusters',
      meta: expect.objectContaining({
        via: 'plugin:clusters',
        purpose: 'health check of cluster lab',
        id: tokenId,
      }),
    });
    expect(
      auditEvents(t.logs).filter(
        e => e.eventId === 'cluster-health-check' && e.status === 'succeeded',
      ),
    ).toHaveLength(5);
    expectNoTokenShown(t);
  });

  it('is unhealthy when no master answers, and checks without an API', async () => {
    const { t, checkHealth } = await lab();
    const created = await t.call('post', '/api/clusters/clusters', ALICE, {
      name: 'down',
      environment: 'test',
      masters: ['127.0.0.4'],
      workers: ['127.0.0.3'],
    });
    expect(created.status).toBe(201);
    const res = await checkHealth(created.body.id);
    expect(res.status).toBe(200);
    expect(res.body.health).toMatchObject({
      state: 'unhealthy',
      summary: '1/2 nodes reachable',
      api: null,
    });
  });

  it('reports a shared API token that went away without failing the check', async () => {
    const { t, tokenId, createLab, checkHealth } = await lab();
    const created = await createLab();
    expect(created.status).toBe(201);
    expect(
      (await t.call('delete', `/api/vault/credentials/${tokenId}`, ADA)).status,
    ).toBe(204);
    const res = await checkHealth(created.body.id);
    expect(res.status).toBe(200);
    expect(res.body.health).toMatchObject({
      state: 'unhealthy',
      summary: '1/1 nodes reachable · API not ready',
    });
    expect(res.body.health.api.message).toBe(
      'Could not check the API token out of the vault: the credential no longer exists; choose another API token for the cluster',
    );
  });

  it('checks every cluster on schedule', async () => {
    const { t, scheduler } = await lab();
    kube.state.token = TOKEN;
    for (const [name, masters] of [
      ['a', ['127.0.0.1']],
      ['b', ['127.0.0.4']],
    ] as const) {
      expect(
        (
          await t.call('post', '/api/clusters/clusters', ALICE, {
            name,
            environment: 'test',
            masters,
          })
        ).status,
      ).toBe(201);
    }
    await scheduler.triggerTask('clusters-health-checks');
    const { items } = (await t.call('get', '/api/clusters/clusters', ALICE))
      .body;
    expect(
      items.map((c: Cluster) => [c.name, c.health.state, c.health.summary]),
    ).toEqual([
      ['a', 'healthy', '1/1 nodes reachable'],
      ['b', 'unhealthy', '0/1 nodes reachable'],
    ]);
  });
});
