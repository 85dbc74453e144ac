import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  ClusterChangeEvent,
  CLUSTERS_EVENTS_TOPIC,
} from '@opssight/plugin-clusters-common';
import {
  catalogTestConfig,
  serviceProbe,
  testCatalog,
} from '@opssight/plugin-testing-node';
import { AddressInfo } from 'node:net';
import { FakeClustersApi, testCluster } from './__testUtils__/FakeClustersApi';
import catalogModuleClusters from './index';

jest.setTimeout(90_000);

describe('catalog module: clusters as entities', () => {
  it('publishes every cluster on the scheduled full read, then follows change events within seconds', async () => {
    const api = await FakeClustersApi.start();
    const existing = testCluster({
      name: 'prod-eu',
      environment: 'production',
      apiUrl: 'https://10.40.0.100:6443',
      apiTokenCredentialId: '6f1c1a2e-0000-4000-8000-00000000beef',
      masters: [['10.40.0.1', 'kube-1']],
      workers: [['10.40.0.2', 'kube-2']],
    });
    api.clusters.push(existing);

    // The clusters backend's events, published from within the test backend.
    let events: EventsService | undefined;
    const publisher = serviceProbe('catalog', eventsServiceRef, service => {
      events = service;
    });
    const announce = (payload: ClusterChangeEvent) =>
      events!.publish({ topic: CLUSTERS_EVENTS_TOPIC, eventPayload: payload });

    let backendUrl = '';
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleClusters,
        publisher,
        // The real in-process event bus, as in production (the test default is a per-plugin mock).
        eventsServiceFactory,
        // Runs the scheduled full read at startup (normally 10 s after it, then every refreshMinutes).
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        createServiceFactory({
          service: coreServices.discovery,
          deps: {},
          factory: () => api.discovery(() => backendUrl),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            catalog: catalogTestConfig,
          },
        }),
      ],
    });
    backendUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
    const catalog = testCatalog(server);

    const published = await catalog.waitFor('resource/default/prod-eu');
    expect(published).toMatchObject({
      kind: 'Resource',
      metadata: {
        labels: { 'opssight.io/environment': 'production' },
        annotations: {
          'opssight.io/cluster-id': existing.id,
          'kubernetes.io/api-server': 'https://10.40.0.100:6443',
          'kubernetes.io/auth-provider': 'serviceAccount',
        },
        links: [{ url: `http://localhost:3000/clusters/${existing.id}` }],
      },
      spec: {
        type: 'kubernetes-cluster',
        lifecycle: 'production',
        owner: 'group:default/platform-team',
      },
    });
    // The catalog draws the topology from these relations.
    const dependsOn = (entity: Entity) =>
      (entity.relations ?? [])
        .filter(r => r.type === 'dependsOn')
        .map(r => r.targetRef)
        .sort();
    const withRelations = await catalog.waitFor('resource/default/prod-eu', {
      until: e => dependsOn(e).length === 2,
    });
    expect(dependsOn(withRelations)).toEqual([
      'resource:default/kube-1--10-40-0-1',
      'resource:default/kube-2--10-40-0-2',
    ]);
    expect(JSON.stringify(withRelations)).not.toContain(
      existing.apiTokenCredentialId,
    );

    // A new cluster shows within seconds of its event.
    const created = testCluster({ name: 'stage', environment: 'staging' });
    const started = Date.now();
    await announce({ type: 'upserted', clusters: [created] });
    const staged = await catalog.waitFor('resource/default/stage');
    expect((Date.now() - started) / 1000).toBeLessThan(20);
    expect(staged.spec?.lifecycle).toBe('experimental');

    // An edit (here: the API URL becomes known) updates it.
    await announce({
      type: 'upserted',
      clusters: [{ ...created, apiUrl: 'https://10.41.0.1:6443' }],
    });
    await catalog.waitFor('resource/default/stage', {
      until: e =>
        e.metadata.annotations?.['kubernetes.io/api-server'] ===
        'https://10.41.0.1:6443',
    });

    // A deleted cluster goes away.
    await announce({ type: 'deleted', clusters: [existing] });
    await catalog.waitForGone('resource/default/prod-eu');
    expect(await catalog.entity('resource/default/stage')).toBeDefined();

    await api.stop();
  });
});
