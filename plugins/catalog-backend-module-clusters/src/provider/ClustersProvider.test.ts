import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { EventParams } from '@backstage/plugin-events-node';
import { CLUSTERS_EVENTS_TOPIC } from '@opssight/plugin-clusters-common';
import { FakeClustersApi, testCluster } from '../__testUtils__/FakeClustersApi';
import { ClustersProvider } from './ClustersProvider';

describe('ClustersProvider', () => {
  let api: FakeClustersApi;
  beforeEach(async () => {
    api = await FakeClustersApi.start();
  });
  afterEach(() => api.stop());

  async function connected() {
    const mutations: EntityProviderMutation[] = [];
    const subscribers: Array<(event: EventParams) => Promise<void>> = [];
    const events = mockServices.events.mock({
      subscribe: async ({ topics, onEvent }) => {
        expect(topics).toEqual([CLUSTERS_EVENTS_TOPIC]);
        subscribers.push(onEvent);
      },
    });
    const provider = new ClustersProvider({
      logger: mockServices.logger.mock(),
      auth: mockServices.auth({ pluginId: 'catalog' }),
      discovery: api.discovery(),
      events,
      taskRunner: { run: async () => {} },
      appBaseUrl: 'http://localhost:3000',
    });
    await provider.connect({
      applyMutation: async m => void mutations.push(m),
      refresh: async () => {},
    });
    const publish = async (eventPayload: unknown) => {
      for (const s of subscribers) {
        await s({ topic: CLUSTERS_EVENTS_TOPIC, eventPayload });
      }
    };
    return { provider, mutations, publish };
  }

  it('reads every cluster page by page as the catalog itself, and replaces its entities', async () => {
    for (let i = 0; i < 1203; i++) {
      api.clusters.push(testCluster({ name: `cluster-${i}` }));
    }
    // A server that caps pages below what was asked for must not cut the list short.
    api.maxPageSize = 100;
    const { provider, mutations } = await connected();
    await provider.refresh();

    expect(mutations).toHaveLength(1);
    const full = mutations[0];
    expect(full.type).toBe('full');
    const entities = full.type === 'full' ? full.entities : [];
    expect(new Set(entities.map(e => e.entity.metadata.name)).size).toBe(1203);
    expect(entities.every(e => e.locationKey === 'opssight-clusters')).toBe(
      true,
    );
    expect(new Set(api.callers)).toEqual(new Set(['service:plugin:catalog']));
  });

  it('applies changes announced on the events topic as delta mutations', async () => {
    const { mutations, publish } = await connected();
    const a = testCluster({ name: 'a', masters: [['10.0.0.1', 'kube-1']] });
    const b = testCluster({ name: 'b' });

    await publish({ type: 'upserted', clusters: [a, b] });
    await publish({ type: 'deleted', clusters: [a] });
    await publish({ type: 'upserted', clusters: [] });
    await publish(undefined);

    expect(mutations).toEqual([
      {
        type: 'delta',
        added: [
          expect.objectContaining({
            locationKey: 'opssight-clusters',
            entity: expect.objectContaining({
              metadata: expect.objectContaining({ name: 'a' }),
              spec: expect.objectContaining({
                dependsOn: ['resource:default/kube-1--10-0-0-1'],
              }),
            }),
          }),
          expect.objectContaining({
            entity: expect.objectContaining({
              metadata: expect.objectContaining({ name: 'b' }),
            }),
          }),
        ],
        removed: [],
      },
      {
        type: 'delta',
        added: [],
        removed: [
          expect.objectContaining({
            entity: expect.objectContaining({
              metadata: expect.objectContaining({ name: 'a' }),
            }),
          }),
        ],
      },
    ]);
  });

  it('fails the refresh, keeping the catalog as it is, when the clusters API fails', async () => {
    const { provider, mutations } = await connected();
    await api.stop();
    await expect(provider.refresh()).rejects.toThrow();
    expect(mutations).toHaveLength(0);
  });
});
