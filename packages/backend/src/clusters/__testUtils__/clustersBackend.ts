import { BackendFeature } from '@backstage/backend-plugin-api';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import clustersPlugin from '@opssight/plugin-clusters-backend';
import {
  ClusterChangeEvent,
  CLUSTERS_EVENTS_TOPIC,
} from '@opssight/plugin-clusters-common';
import {
  FakeKubeApi,
  recordEvents,
  TestSshd,
} from '@opssight/plugin-testing-node';
import {
  ADA,
  ALICE,
  startWithRegistry,
} from '../../__testUtils__/registryBackend';

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

/**
 * A clusters backend whose scheduled health checks run only when the test
 * triggers them, with m1 (127.0.0.1) on the tests' sshd and a shared API
 * token bound to the fake Kubernetes API `kube`.
 */
export async function startKubeLab(options: {
  sshd: TestSshd;
  kube: FakeKubeApi;
  token: string;
  config?: JsonObject;
}) {
  const { sshd, kube, token, config } = options;
  const t = await startClustersBackend({ config, manualScheduler: true });
  const m1 = await t.machine({
    ip: '127.0.0.1',
    hostname: 'm1',
    sshPort: sshd.port,
    sshUser: sshd.username,
  });
  const tokenId = await t.credential(ADA, {
    kind: 'api-token',
    name: 'lab-reader',
    scope: 'shared',
    token,
    allowedDestinations: [`${kube.url}/`],
  });
  /** Asks for a test cluster on m1 named `name`, with `fields` on top. */
  const createCluster = (name: string, fields: object = {}) =>
    t.call('post', '/api/clusters/clusters', ALICE, {
      name,
      environment: 'test',
      masters: ['127.0.0.1'],
      ...fields,
    });
  /** The cluster 'lab' (with `workers`), its API the fake's, reached with the shared token. */
  const createLab = (workers?: string[]) =>
    createCluster('lab', {
      ...(workers && { workers }),
      apiUrl: kube.url,
      apiCaData: kube.caData,
      apiTokenCredentialId: tokenId,
    });
  const checkHealth = (id: string) =>
    t.call('post', `/api/clusters/clusters/${id}/health-checks`, ALICE);
  return {
    t,
    scheduler: t.scheduler,
    m1,
    tokenId,
    createCluster,
    createLab,
    checkHealth,
  };
}
