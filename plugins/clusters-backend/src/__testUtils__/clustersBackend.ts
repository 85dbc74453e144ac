import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  ClusterChangeEvent,
  CLUSTERS_EVENTS_TOPIC,
} from '@opssight/plugin-clusters-common';
import { Machine } from '@opssight/plugin-machines-common';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real machine registry, in a test
import machinesPlugin from '@opssight/plugin-machines-backend';
import {
  captureLogs,
  onBehalfOfAuth,
  rolePermissions,
  TEST_ROLES,
  TEST_USERS,
  testVaultConfig,
} from '@opssight/plugin-testing-node';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real vault, in a test
import vaultPlugin from '@opssight/plugin-vault-backend';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import clustersPlugin from '../index';

/** Ada the admin, Alice the operator, Vic the viewer. */
export const { ada: ADA, alice: ALICE, vic: VIC } = TEST_USERS;

/** Records what the clusters plugin announces to the catalog. */
function eventRecorder(events: ClusterChangeEvent[]) {
  return createBackendModule({
    pluginId: 'clusters',
    moduleId: 'event-recorder',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events: service }) {
          await service.subscribe({
            id: 'recorder',
            topics: [CLUSTERS_EVENTS_TOPIC],
            onEvent: async ({ eventPayload }) => {
              events.push(eventPayload as ClusterChangeEvent);
            },
          });
        },
      });
    },
  });
}

/**
 * The clusters plugin with the real machines and vault plugins in one
 * backend, users' roles as the OpsSight policy gives them, and what it
 * logged and announced captured.
 */
export async function startClustersBackend(
  options: {
    config?: JsonObject;
    features?: BackendFeature[];
  } = {},
) {
  const logs = captureLogs();
  const events: ClusterChangeEvent[] = [];
  const backend = await startTestBackend({
    features: [
      clustersPlugin,
      machinesPlugin,
      vaultPlugin,
      eventRecorder(events),
      // One bus for every plugin, as in the real backend: the clusters follow the machines'.
      eventsServiceFactory,
      rolePermissions(TEST_ROLES),
      onBehalfOfAuth,
      logs.factory,
      mockServices.rootConfig.factory({
        data: {
          events: { useEventBus: 'never' },
          vault: testVaultConfig(),
          machines: {
            // The tests' sshd listens on a loopback port.
            allowLoopback: true,
            connectionTest: {
              connectTimeoutMs: 1500,
              handshakeTimeoutMs: 3000,
            },
          },
          clusters: {
            health: { connectTimeoutMs: 1500, handshakeTimeoutMs: 3000 },
            // The fake Kubernetes API listens on loopback; 10.x as in examples.
            apiUrl: { allowedNetworks: ['127.0.0.0/8', '10.0.0.0/8'] },
          },
          ...options.config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const { server } = backend;

  /** Every response text, to check for secrets afterwards. */
  const responses: string[] = [];

  async function call(
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    user: string,
    body?: object,
  ) {
    let req = request(server)
      [method](path)
      .set('Authorization', mockCredentials.user.header(user));
    if (body !== undefined) req = req.send(body);
    const res = await req;
    responses.push(res.text ?? '');
    return res;
  }

  async function machine(body: object): Promise<Machine> {
    const res = await call('post', '/api/machines/machines', ALICE, body);
    if (res.status !== 201) {
      throw new Error(`Registering a machine: ${res.status} ${res.text}`);
    }
    return res.body;
  }

  async function credential(user: string, body: object): Promise<string> {
    const res = await call('post', '/api/vault/credentials', user, body);
    if (res.status !== 201) {
      throw new Error(`Creating a credential: ${res.status} ${res.text}`);
    }
    return res.body.id;
  }

  return {
    backend,
    server,
    logs,
    events,
    responses,
    call,
    machine,
    credential,
  };
}
