import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import clustersPlugin from '@opssight/plugin-clusters-backend';
import { createPluginApiReader } from '@opssight/plugin-catalog-provider-node';
import { Cluster } from '@opssight/plugin-clusters-common';
import { catalogTestConfig, testCatalog } from '@opssight/plugin-testing-node';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import catalogModuleClusters from '@opssight/plugin-catalog-backend-module-clusters';

jest.setTimeout(90_000);

const USER = mockCredentials.user.header();

/** The machine registry's list, as the clusters backend reads it (`?q=<ip>`). */
async function startMachineRegistry(machines: Array<[string, string]>) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams.get('q') ?? '';
    const items = machines
      .filter(([ip, hostname]) => ip.includes(q) || hostname.includes(q))
      .map(([ip, hostname], i) => ({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        ip,
        hostname,
        hostKeyFingerprint: null,
      }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items, totalCount: items.length }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/machines`,
    stop: () => new Promise(r => server.close(r)),
  };
}

describe('catalog module with the real clusters backend', () => {
  it('publishes a cluster created through the clusters API, and reads it back on a full refresh', async () => {
    const registry = await startMachineRegistry([
      ['10.50.0.1', 'real-1'],
      ['10.50.0.2', 'real-2'],
    ]);
    let backendUrl = '';
    const discovery = {
      getBaseUrl: async (pluginId: string) =>
        pluginId === 'machines'
          ? registry.url
          : `${backendUrl}/api/${pluginId}`,
      getExternalBaseUrl: async (pluginId: string) =>
        `${backendUrl}/api/${pluginId}`,
    };
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        clustersPlugin,
        catalogModuleClusters,
        eventsServiceFactory,
        createServiceFactory({
          service: coreServices.discovery,
          deps: {},
          factory: () => discovery,
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            // The test cluster's API server is on a private network.
            clusters: { apiUrl: { allowedNetworks: ['10.0.0.0/8'] } },
            catalog: catalogTestConfig,
          },
        }),
      ],
    });
    backendUrl = `http://localhost:${(server.address() as AddressInfo).port}`;

    const created = await request(server)
      .post('/api/clusters/clusters')
      .set('Authorization', USER)
      .send({
        name: 'real-cluster',
        environment: 'production',
        masters: ['10.50.0.1'],
        workers: ['10.50.0.2'],
        apiUrl: 'https://10.50.0.1:6443',
      });
    expect(created.status).toBe(201);
    const cluster: Cluster = created.body;

    // From the clusters backend's event.
    const dependsOn = (e: Entity) =>
      (e.relations ?? [])
        .filter(r => r.type === 'dependsOn')
        .map(r => r.targetRef)
        .sort();
    const entity = await testCatalog(server).waitFor(
      'resource/default/real-cluster',
      { until: e => dependsOn(e).length === 2 },
    );
    expect(entity).toMatchObject({
      metadata: {
        annotations: {
          'opssight.io/cluster-id': cluster.id,
          'kubernetes.io/api-server': 'https://10.50.0.1:6443',
        },
      },
      spec: { type: 'kubernetes-cluster', lifecycle: 'production' },
    });
    expect(dependsOn(entity)).toEqual([
      'resource:default/real-1--10-50-0-1',
      'resource:default/real-2--10-50-0-2',
    ]);

    // The full read, as the catalog's own service principal (the provider's
    // reader; ClustersProvider.test shows it turns the list into entities).
    const clusters = await createPluginApiReader({
      auth: mockServices.auth({ pluginId: 'catalog' }),
      discovery,
      pluginId: 'clusters',
    }).getAll<Cluster>('/clusters', { pageSize: 100 });
    expect(clusters.map(c => c.name)).toEqual(['real-cluster']);

    await registry.stop();
  });
});
