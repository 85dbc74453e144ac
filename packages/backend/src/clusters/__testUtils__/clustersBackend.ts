import { BackendFeature } from '@backstage/backend-plugin-api';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import clustersPlugin from '@opssight/plugin-clusters-backend';
import {
  ClusterChangeEvent,
  CLUSTERS_EVENTS_TOPIC,
} from '@opssight/plugin-clusters-common';
import { recordEvents } from '@opssight/plugin-testing-node';
import { startWithRegistry } from '../../__testUtils__/registryBackend';

export { ADA, ALICE, BOB, VIC } from '../../__testUtils__/registryBackend';

/**
 * The clusters plugin with the real machines and vault plugins in one
 * backend (see startWithRegistry), and what it announced captured.
 */
export async function startClustersBackend(
  options: {
    config?: JsonObject;
    features?: BackendFeature[];
    manualScheduler?: boolean;
  } = {},
) {
  const events: ClusterChangeEvent[] = [];
  const started = await startWithRegistry({
    manualScheduler: options.manualScheduler,
    features: [
      clustersPlugin,
      // What the clusters plugin announces to the catalog.
      recordEvents('clusters', CLUSTERS_EVENTS_TOPIC, events),
      // One bus for every plugin, as in the real backend: the clusters follow the machines'.
      eventsServiceFactory,
      ...(options.features ?? []),
    ],
    config: {
      events: { useEventBus: 'never' },
      clusters: {
        health: { connectTimeoutMs: 1500, handshakeTimeoutMs: 3000 },
        // The fake Kubernetes API listens on loopback; 10.x as in examples.
        apiUrl: { allowedNetworks: ['127.0.0.0/8', '10.0.0.0/8'] },
      },
      ...options.config,
    },
  });
  return { ...started, events };
}
