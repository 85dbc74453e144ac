import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import machinesPlugin from '@opssight/plugin-machines-backend';
import { Machine } from '@opssight/plugin-machines-common';
import {
  captureLogs,
  followConnectionTest,
  onBehalfOfAuth,
  rolePermissions,
  TEST_ROLES,
  TEST_USERS,
  testVaultConfig,
} from '@opssight/plugin-testing-node';
import vaultPlugin from '@opssight/plugin-vault-backend';
import request from 'supertest';

/** Ada the admin, Alice the operator, Bob another operator, Vic the viewer. */
export const { ada: ADA, alice: ALICE, bob: BOB, vic: VIC } = TEST_USERS;

/**
 * The plugins under test (`features`) with the real machine registry and
 * vault in one backend, users' roles as the OpsSight policy gives them, and
 * every response and log line captured. `config` goes on top of the vault's
 * keys and the registry's settings for the tests' loopback sshd.
 * With `manualScheduler`, no scheduled task runs until the test triggers it
 * through `scheduler`.
 */
export async function startWithRegistry(options: {
  features: BackendFeature[];
  config?: JsonObject;
  manualScheduler?: boolean;
}) {
  const logs = captureLogs();
  const scheduler = mockServices.scheduler();
  const backend = await startTestBackend({
    features: [
      machinesPlugin,
      vaultPlugin,
      rolePermissions(TEST_ROLES),
      onBehalfOfAuth,
      logs.factory,
      ...(options.manualScheduler
        ? [
            createServiceFactory({
              service: coreServices.scheduler,
              deps: {},
              factory: () => scheduler,
            }),
          ]
        : []),
      mockServices.rootConfig.factory({
        data: {
          vault: testVaultConfig(),
          machines: {
            // The tests' sshd listens on a loopback port.
            allowLoopback: true,
            connectionTest: {
              connectTimeoutMs: 1500,
              handshakeTimeoutMs: 3000,
            },
          },
          ...options.config,
        },
      }),
      ...options.features,
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

  /** Registers a machine as Alice. */
  async function machine(body: object): Promise<Machine> {
    const res = await call('post', '/api/machines/machines', ALICE, body);
    if (res.status !== 201) {
      throw new Error(`Registering a machine: ${res.status} ${res.text}`);
    }
    return res.body;
  }

  /** Creates a credential in the vault; resolves to its id. */
  async function credential(user: string, body: object): Promise<string> {
    const res = await call('post', '/api/vault/credentials', user, body);
    if (res.status !== 201) {
      throw new Error(`Creating a credential: ${res.status} ${res.text}`);
    }
    return res.body.id;
  }

  /**
   * Pins the machines' host keys with a connection test that reaches every
   * one; `credentialId: null` only proves the handshake.
   */
  async function pin(
    machineIds: string[],
    how: { user?: string; credentialId?: string | null } = {},
  ) {
    const { user = ALICE, credentialId } = how;
    const started = await call('post', '/api/machines/connection-tests', user, {
      machineIds,
      ...(credentialId !== undefined && { credentialId }),
    });
    expect(started.status).toBe(202);
    const finished = await followConnectionTest(
      server,
      started.body.id,
      mockCredentials.user.header(user),
    );
    expect(finished.results.map(r => r.sshOk)).toEqual(
      machineIds.map(() => true),
    );
  }

  return {
    backend,
    server,
    logs,
    scheduler,
    responses,
    call,
    machine,
    credential,
    pin,
  };
}
