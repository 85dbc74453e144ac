import { Agent, request } from 'node:https';
import { fakeKubeApp, parseLabelSelector, startFakeKubeApi } from './kubeApi';

async function get(
  kube: Awaited<ReturnType<typeof startFakeKubeApi>>,
  path: string,
  token = kube.state.token,
): Promise<{ status: number; body: any }> {
  const ca = Buffer.from(kube.caData, 'base64').toString();
  return new Promise((resolve, reject) => {
    const req = request(
      `${kube.url}${path}`,
      {
        agent: new Agent({ ca }),
        headers: { authorization: `Bearer ${token}` },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: text.startsWith('{') ? JSON.parse(text) : text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('startFakeKubeApi', () => {
  let kube: Awaited<ReturnType<typeof startFakeKubeApi>>;

  beforeAll(async () => {
    kube = await startFakeKubeApi({ token: 'sa-token' });
    kube.add(
      ...fakeKubeApp({
        name: 'shop',
        namespace: 'web',
        labels: { 'backstage.io/kubernetes-id': 'shop' },
      }),
      ...fakeKubeApp({ name: 'dns', namespace: 'kube-system', replicas: 1 }),
    );
    kube.state.nodes = [{ name: 'node-1', ip: '10.0.0.11' }];
  });

  afterAll(() => kube.stop());

  it('refuses any other bearer token with a 401 Status, over TLS its CA verifies', async () => {
    const res = await get(kube, '/api/v1/pods', 'wrong');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ kind: 'Status', code: 401 });
    expect(kube.state.requests.at(-1)?.authorization).toBe('Bearer wrong');
  });

  it('lists pods across namespaces as a PodList, items without kind', async () => {
    const res = await get(kube, '/api/v1/pods');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.any(String) },
    });
    expect(res.body.items.map((p: any) => p.metadata.namespace).sort()).toEqual(
      ['kube-system', 'web', 'web'],
    );
    expect(res.body.items[0].kind).toBeUndefined();
    expect(res.body.items[0].metadata.uid).toEqual(expect.any(String));
  });

  it('lists by namespace, API group and label selector', async () => {
    const deployments = await get(
      kube,
      '/apis/apps/v1/namespaces/web/deployments?labelSelector=backstage.io%2Fkubernetes-id%3Dshop',
    );
    expect(deployments.body.kind).toBe('DeploymentList');
    expect(deployments.body.apiVersion).toBe('apps/v1');
    expect(deployments.body.items.map((d: any) => d.metadata.name)).toEqual([
      'shop',
    ]);
    const notShop = await get(
      kube,
      `/api/v1/pods?labelSelector=${encodeURIComponent(
        'app notin (shop),!missing',
      )}`,
    );
    expect(notShop.body.items).toHaveLength(1);
    const services = await get(kube, '/api/v1/namespaces/kube-system/services');
    expect(services.body.items.map((s: any) => s.metadata.name)).toEqual([
      'dns',
    ]);
    const hpas = await get(
      kube,
      '/apis/autoscaling/v2/horizontalpodautoscalers',
    );
    expect(hpas.body).toMatchObject({
      kind: 'HorizontalPodAutoscalerList',
      items: [],
    });
  });

  it('derives namespaces, nodes and pod metrics', async () => {
    const namespaces = await get(kube, '/api/v1/namespaces');
    expect(
      namespaces.body.items.map((n: any) => n.metadata.name).sort(),
    ).toEqual(['default', 'kube-system', 'web']);
    const nodes = await get(kube, '/api/v1/nodes');
    expect(nodes.body.kind).toBe('NodeList');
    const metrics = await get(
      kube,
      '/apis/metrics.k8s.io/v1beta1/namespaces/web/pods',
    );
    expect(metrics.body.kind).toBe('PodMetricsList');
    expect(metrics.body.items).toHaveLength(2);
  });

  it('answers 404 and 400 Status as the API server does', async () => {
    expect(
      (await get(kube, '/api/v1/namespaces/web/pods/nope')).body,
    ).toMatchObject({
      kind: 'Status',
      code: 404,
      message: 'pods "nope" not found',
    });
    expect((await get(kube, '/apis/example.com/v1/widgets')).status).toBe(404);
    expect((await get(kube, '/api/v1/namespaces/web/nodes')).status).toBe(404);
    expect(
      (await get(kube, '/api/v1/pods?labelSelector=a%20in%20b')).body,
    ).toMatchObject({ kind: 'Status', code: 400 });
    expect((await get(kube, '/readyz')).body).toBe('ok');
  });
});

describe('parseLabelSelector', () => {
  it.each([
    ['app=shop', { app: 'shop' }, true],
    ['app==shop', { app: 'web' }, false],
    ['app!=shop', {}, true],
    ['app', { app: '' }, true],
    ['!app', { app: 'x' }, false],
    ['app in (a, b),tier', { app: 'b', tier: 'x' }, true],
    ['app notin (a,b)', { app: 'a' }, false],
  ])('%s on %j is %s', (selector, labels, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });
});
