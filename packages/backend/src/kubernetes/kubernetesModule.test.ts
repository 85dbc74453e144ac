import { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import clustersPlugin from '@opssight/plugin-clusters-backend';
import machinesPlugin from '@opssight/plugin-machines-backend';
import vaultPlugin from '@opssight/plugin-vault-backend';
import {
  captureLogs,
  fakeKubeApp,
  onBehalfOfAuth,
  rolePermissions,
  TEST_ROLES,
  TEST_USERS,
  testVaultConfig,
  startFakeKubeApi,
  type FakeKubeApi,
} from '@opssight/plugin-testing-node';
import request from 'supertest';
import kubernetesModuleOpsSight from '@opssight/plugin-kubernetes-backend-module-opssight';

jest.setTimeout(90_000);

const { ada: ADA, alice: ALICE, vic: VIC } = TEST_USERS;

const TOKEN = 'kube-sa-token-for-the-portal-0123456789';

/** What the catalog has: the clusters as the catalog module publishes them, and components. */
const clusterEntity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-label-selector': 'opssight.io/portal!=hidden',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
});
const component = (name: string, dependsOn: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'shop' },
  },
  spec: { type: 'service', owner: 'group:default/platform', dependsOn },
  relations: dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
});

describe('the Kubernetes plugin with OpsSight clusters', () => {
  let kube: FakeKubeApi;
  let other: FakeKubeApi;

  beforeAll(async () => {
    kube = await startFakeKubeApi({ token: TOKEN });
    kube.add(
      ...fakeKubeApp({
        name: 'shop',
        namespace: 'web',
        labels: { 'backstage.io/kubernetes-id': 'shop' },
      }),
      ...fakeKubeApp({ name: 'coredns', namespace: 'kube-system' }),
    );
    other = await startFakeKubeApi({ token: 'other-token-0123456789' });
    other.add(
      ...fakeKubeApp({
        name: 'shop',
        labels: { 'backstage.io/kubernetes-id': 'shop' },
      }),
    );
  });

  afterAll(async () => {
    await kube?.stop();
    await other?.stop();
  });

  async function start(
    options: { kubernetesConfig?: object | null; entities?: Entity[] } = {},
  ) {
    const logs = captureLogs();
    const {
      kubernetesConfig = {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [],
      },
    } = options;
    const backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        kubernetesModuleOpsSight,
        clustersPlugin,
        machinesPlugin,
        vaultPlugin,
        eventsServiceFactory,
        rolePermissions(TEST_ROLES),
        onBehalfOfAuth,
        logs.factory,
        catalogServiceMock.factory({
          entities: options.entities ?? [
            clusterEntity('lab'),
            clusterEntity('edge'),
            component('shop'),
            component('shop-edge', ['resource:default/edge']),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            events: { useEventBus: 'never' },
            // The fake Kubernetes API and the node live on loopback.
            machines: { allowLoopback: true },
            clusters: { apiUrl: { allowedNetworks: ['127.0.0.0/8'] } },
            vault: testVaultConfig(),
            ...(kubernetesConfig ? { kubernetes: kubernetesConfig } : {}),
          },
        }),
      ],
    });
    const responses: string[] = [];
    const call = async (
      method: 'get' | 'post' | 'put',
      path: string,
      user: string,
      body?: object,
    ) => {
      let req = request(backend.server)
        [method](path)
        .set('Authorization', mockCredentials.user.header(user));
      if (body) req = req.send(body);
      const res = await req;
      responses.push(res.text);
      return res;
    };
    const credential = async (body: object) => {
      const res = await call('post', '/api/vault/credentials', ADA, body);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const cluster = async (body: object) => {
      const res = await call('post', '/api/clusters/clusters', ALICE, {
        environment: 'test',
        masters: ['127.0.0.1'],
        ...body,
      });
      expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
      return res.body;
    };
    /** A shared API token an admin bound to `destination`. */
    const sharedToken = (name: string, token: string, destination: string) =>
      credential({
        kind: 'api-token',
        name,
        scope: 'shared',
        token,
        allowedDestinations: [destination],
      });
    /** The cluster `name` whose API is the fake `api`, read with the token `tokenId`. */
    const clusterOn = (name: string, api: FakeKubeApi, tokenId: string) =>
      cluster({
        name,
        apiUrl: api.url,
        apiCaData: api.caData,
        apiTokenCredentialId: tokenId,
      });
    /** The workloads a viewer's entity page asks the Kubernetes plugin for. */
    const workloads = (entityRef: string) =>
      call('post', '/api/kubernetes/resources/workloads/query', VIC, {
        entityRef,
        auth: {},
      });
    const res = await call('post', '/api/machines/machines', ALICE, {
      ip: '127.0.0.1',
      hostname: 'm1',
    });
    expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
    return {
      backend,
      logs,
      responses,
      call,
      cluster,
      sharedToken,
      clusterOn,
      workloads,
    };
  }

  it('shows every cluster with an API URL and a token credential, the token fetched from the vault on the server', async () => {
    const t = await start();
    const tokenId = await t.sharedToken('lab-reader', TOKEN, kube.url);
    await t.clusterOn('lab', kube, tokenId);
    // An API URL but no token: the plugin could not read it, so it is left out.
    await t.cluster({ name: 'bare', apiUrl: 'https://127.0.0.9:6443' });
    // Neither.
    await t.cluster({ name: 'planned' });

    const clusters = await t.call('get', '/api/kubernetes/clusters', VIC);
    expect(clusters.status).toBe(200);
    expect(clusters.body.items).toEqual([
      { name: 'lab', title: 'lab (test)', authProvider: 'serviceAccount' },
    ]);

    // A component's workloads, found on the cluster by its kubernetes-id label.
    const shop = await t.workloads('component:default/shop');
    if (shop.status !== 200) console.log('DEBUG', JSON.stringify(shop.body).slice(0, 3000));
    expect(shop.status).toBe(200);
    expect(shop.body.items).toHaveLength(1);
    const [lab] = shop.body.items;
    expect(lab.cluster.name).toBe('lab');
    expect(lab.errors).toEqual([]);
    const pods = lab.resources.find((r: any) => r.type === 'pods').resources;
    expect(pods.map((p: any) => p.metadata.name)).toEqual([
      'shop-5d8f7c9b6-abcde',
      'shop-5d8f7c9b6-bcdef',
    ]);
    const deployments = lab.resources.find(
      (r: any) => r.type === 'deployments',
    ).resources;
    expect(deployments.map((d: any) => d.metadata.name)).toEqual(['shop']);

    // The cluster's own page: every workload on it.
    const own = await t.workloads('resource:default/lab');
    expect(own.status).toBe(200);
    const allPods = own.body.items[0].resources.find(
      (r: any) => r.type === 'pods',
    ).resources;
    expect(allPods.map((p: any) => p.metadata.namespace).sort()).toEqual([
      'kube-system',
      'kube-system',
      'web',
      'web',
    ]);

    // The fake saw the token as a bearer token, and only from this backend;
    // neither a response nor a log line carries it.
    const sent = kube.state.requests.filter(r => r.url.includes('/pods'));
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map(r => r.authorization))).toEqual(
      new Set([`Bearer ${TOKEN}`]),
    );
    for (const text of [...t.responses, ...t.logs.lines]) {
      expect(text).not.toContain(TOKEN);
    }
    // Nor the credential's id: the browser needs nothing of the auth.
    for (const text of t.responses.slice(-3)) {
      expect(text).not.toContain(tokenId);
    }
    // The vault audited the plugin's use of the shared credential.
    expect(
      t.logs.lines.some(
        l =>
          l.includes('Kubernetes plugin: cluster lab') && l.includes(tokenId),
      ),
    ).toBe(true);
    await t.backend.stop();
  });

  it('shows a component on the clusters it depends on only', async () => {
    const t = await start();
    const labToken = await t.sharedToken('lab-reader', TOKEN, kube.url);
    const edgeToken = await t.sharedToken(
      'edge-reader',
      'other-token-0123456789',
      other.url,
    );
    await t.clusterOn('lab', kube, labToken);
    await t.clusterOn('edge', other, edgeToken);
    const everywhere = await t.workloads('component:default/shop');
    expect(
      everywhere.body.items.map((i: any) => i.cluster.name).sort(),
    ).toEqual(['edge', 'lab']);
    const onEdge = await t.workloads('component:default/shop-edge');
    expect(onEdge.body.items.map((i: any) => i.cluster.name)).toEqual(['edge']);
    await t.backend.stop();
  });

  it('reports a token the cluster refuses as the cluster’s error, not the token', async () => {
    const t = await start();
    const tokenId = await t.sharedToken(
      'stale',
      'a-revoked-token-0123456789',
      kube.url,
    );
    await t.clusterOn('lab', kube, tokenId);
    const res = await t.workloads('component:default/shop');
    expect(res.status).toBe(200);
    expect(res.body.items[0].errors[0]).toMatchObject({
      errorType: 'UNAUTHORIZED_ERROR',
      statusCode: 401,
    });
    expect(res.text).not.toContain('a-revoked-token-0123456789');
    await t.backend.stop();
  });

  it('sends a shared token only to a destination an admin bound it to', async () => {
    const t = await start();
    const tokenId = await t.sharedToken('edge-reader', TOKEN, kube.url);
    await t.clusterOn('lab', kube, tokenId);
    // An admin binds the token to another cluster only.
    const rebound = await t.call(
      'put',
      `/api/vault/credentials/${tokenId}`,
      ADA,
      {
        allowedDestinations: [other.url],
      },
    );
    expect([rebound.status, rebound.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    const before = kube.state.requests.length;
    const res = await t.workloads('component:default/shop');
    expect(res.status).toBe(200);
    expect(res.body.items[0].errors[0]).toMatchObject({
      errorType: 'UNAUTHORIZED_ERROR',
    });
    const sent = kube.state.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map(r => r.authorization))).toEqual(
      new Set(['Bearer']),
    );
    expect(
      t.logs.lines.some(
        l =>
          l.includes("No API token for Kubernetes cluster 'lab'") &&
          l.includes('edge-reader'),
      ),
    ).toBe(true);
    await t.backend.stop();
  });

  it('starts cleanly with no cluster at all', async () => {
    const t = await start({ entities: [] });
    const clusters = await t.call('get', '/api/kubernetes/clusters', VIC);
    expect([clusters.status, clusters.body]).toEqual([200, { items: [] }]);
    const errors = t.logs.lines.filter(l => /"level":"(error|warn)"/.test(l));
    expect(errors).toEqual([]);
    await t.backend.stop();
  });

  it('needs the kubernetes configuration to serve at all', async () => {
    const t = await start({ kubernetesConfig: null });
    const clusters = await t.call('get', '/api/kubernetes/clusters', VIC);
    expect(clusters.status).toBe(404);
    expect(
      t.logs.lines.some(l => l.includes('valid kubernetes config is missing')),
    ).toBe(true);
    await t.backend.stop();
  });
});
