import { expectErrorAnswer } from '@opssight/plugin-testing-node';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { vaultServiceRef } from '@opssight/plugin-vault-node';
import express from 'express';
import Router from 'express-promise-router';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  ADA,
  ALICE,
  asUser,
  auditEvents,
  BOB,
  captureLogs,
  newKey,
  sshKeygen,
  startVault,
  VIC,
} from '../__testUtils__/vaultBackend';

jest.setTimeout(60_000);

/** Creates credentials through the vault API of `server`, as `user`: each one's id. */
function credentialCreator(server: Parameters<typeof request>[0]) {
  return async (user: string, body: object) => {
    const res = await request(server)
      .post('/api/vault/credentials')
      .set('Authorization', asUser(user))
      .send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
}

/**
 * A stand-in for a plugin that uses credentials (the terminal, automation):
 * it asks the vault for a secret on behalf of the user calling it.
 */
const consumerPlugin = createBackendPlugin({
  pluginId: 'consumer',
  register(env) {
    env.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        vault: vaultServiceRef,
      },
      async init({ httpAuth, httpRouter, vault }) {
        const router = Router();
        const destinationOf = (req: express.Request) =>
          typeof req.query.destination === 'string'
            ? { destination: req.query.destination }
            : {};
        router.get('/secret/:id', async (req, res) => {
          res.json(
            await vault.getSecret({
              credentialId: req.params.id,
              credentials: await httpAuth.credentials(req),
              ...destinationOf(req),
            }),
          );
        });
        router.get('/check/:id', async (req, res) => {
          res.json(
            await vault.checkDestination({
              credentialId: req.params.id,
              credentials: await httpAuth.credentials(req),
              destination: String(req.query.destination),
            }),
          );
        });
        // A checkout kept for later, opened for the URL a request goes to.
        router.get('/later/:id', async (req, res) => {
          const checkout = await vault.checkout({
            credentialId: req.params.id,
            credentials: await httpAuth.credentials(req),
            ...destinationOf(req),
          });
          const secret = vault.open(checkout, { url: String(req.query.url) });
          res.json({ kind: secret.kind });
        });
        router.get('/describe/:id', async (req, res) => {
          const credential = await vault.describeCredential({
            credentialId: req.params.id,
            credentials: await httpAuth.credentials(req),
          });
          res.json({ credential: credential ?? null });
        });
        router.get('/own-secret/:id', async (_req, res) => {
          res.json(
            await vault.getSecret({
              credentialId: _req.params.id,
              credentials: mockCredentials.service('plugin:consumer'),
            }),
          );
        });
        router.get('/shared-secret/:id', async (req, res) => {
          // No user: the plugin acts on its own, e.g. a scheduled check.
          res.json(
            await vault.getSharedSecret({
              credentialId: req.params.id,
              purpose: 'nightly check',
              ...destinationOf(req),
            }),
          );
        });
        httpRouter.use(router as express.Router);
      },
    });
  },
});

describe('vaultServiceRef.describeCredential', () => {
  it("says what a credential is as the user sees it, never its secret, and nothing of another user's personal one", async () => {
    const { server } = await startVault({
      keys: [newKey('key-a')],
      features: [consumerPlugin],
    });
    const create = credentialCreator(server);
    const describe = (user: string, id: string) =>
      request(server)
        .get(`/api/consumer/describe/${id}`)
        .set('Authorization', asUser(user));

    const token = await create(ADA, {
      kind: 'api-token',
      name: 'lab-reader',
      scope: 'shared',
      token: 'kube-token-0123456789',
      allowedDestinations: ['https://k8s.example/'],
    });
    const personal = await create(ALICE, {
      kind: 'password',
      name: 'alice-db',
      username: 'alice',
      password: 'alice-password-42',
    });

    const shared = await describe(BOB, token);
    expect(shared.status).toBe(200);
    expect(shared.body).toEqual({
      credential: {
        id: token,
        name: 'lab-reader',
        kind: 'api-token',
        scope: 'shared',
      },
    });
    expect(shared.text).not.toContain('kube-token-0123456789');
    expect((await describe(ALICE, personal)).body.credential).toMatchObject({
      name: 'alice-db',
      kind: 'password',
      scope: 'personal',
    });
    // Another user's personal credential is as absent as one that never existed.
    expect((await describe(BOB, personal)).body).toEqual({ credential: null });
    expect(
      (await describe(BOB, '6f1c1a2e-0000-4000-8000-00000000dead')).body,
    ).toEqual({ credential: null });
  });
});

describe('vaultServiceRef.getSecret', () => {
  let dir: string;
  let sshKey: Awaited<ReturnType<typeof sshKeygen>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opssight-vault-service-'));
    sshKey = await sshKeygen(dir, 'id', ['-t', 'ed25519', '-N', 'open sesame']);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('decrypts in the calling plugin for a user who may use the credential, and refuses the others', async () => {
    const { server } = await startVault({
      keys: [newKey('key-a')],
      features: [consumerPlugin],
    });
    const create = credentialCreator(server);
    const getSecret = (user: string, id: string) =>
      request(server)
        .get(`/api/consumer/secret/${id}`)
        .set('Authorization', asUser(user));

    const personal = await create(ALICE, {
      kind: 'ssh-key',
      name: 'id',
      username: 'alice',
      privateKey: sshKey.privateKey,
      passphrase: 'open sesame',
    });
    const shared = await create(ADA, {
      kind: 'api-token',
      name: 'registry',
      scope: 'shared',
      username: 'ci',
      token: 'registry-token-123',
      allowedDestinations: ['https://registry.example/v2/'],
    });

    const mine = await getSecret(ALICE, personal);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      kind: 'ssh-key',
      username: 'alice',
      privateKey: sshKey.privateKey,
      passphrase: 'open sesame',
    });
    const toRegistry = `${shared}?destination=${encodeURIComponent(
      'https://registry.example/v2/',
    )}`;
    expect((await getSecret(BOB, toRegistry)).body).toEqual({
      kind: 'api-token',
      username: 'ci',
      token: 'registry-token-123',
    });
    const elsewhere = await getSecret(
      BOB,
      `${shared}?destination=${encodeURIComponent('https://evil.example/')}`,
    );
    expect([elsewhere.status, elsewhere.body.error.message]).toEqual([
      403,
      `The vault refused credential '${shared}': Credential 'registry' may not be sent there: https://evil.example/ is not one of its allowed destinations (https://registry.example/v2/). An admin can add the destination to the credential on the Credentials page`,
    ]);
    const check = (url: string) =>
      request(server)
        .get(
          `/api/consumer/check/${shared}?destination=${encodeURIComponent(
            url,
          )}`,
        )
        .set('Authorization', asUser(BOB));
    expect((await check('https://registry.example/v2/x')).body).toEqual({
      id: shared,
      name: 'registry',
      kind: 'api-token',
      scope: 'shared',
    });
    const checked = await check('https://registry.example/v1/');
    expect([checked.status, checked.body.error.message]).toEqual([
      403,
      "Credential 'registry' may not be sent there: https://registry.example/v1/ is not one of its allowed destinations (https://registry.example/v2/). An admin can add the destination to the credential on the Credentials page",
    ]);
    // A checkout bound to a destination opens only for URLs under it.
    const later = (url: string) =>
      request(server)
        .get(`/api/consumer/later/${toRegistry}&url=${encodeURIComponent(url)}`)
        .set('Authorization', asUser(BOB));
    expect((await later('https://registry.example/v2/tags')).body).toEqual({
      kind: 'api-token',
    });
    const escaped = await later('https://registry.example/v2/../admin');
    expect([escaped.status, escaped.body.error.message]).toEqual([
      403,
      "Credential 'registry' may not be sent there: https://registry.example/admin is not one of its allowed destinations (https://registry.example/v2/)",
    ]);

    // Someone else's personal credential, or no permission to use any.
    const others = await getSecret(BOB, personal);
    expectErrorAnswer(
      others,
      403,
      `The vault refused credential '${personal}': Not allowed to use credential '${personal}': it is another user's personal credential`,
    );
    const viewer = await getSecret(VIC, shared);
    expectErrorAnswer(
      viewer,
      403,
      expect.stringContaining(
        "Your role does not allow 'opssight.vault.credential.use'",
      ),
    );
    expect(
      (await getSecret(ALICE, '6f1c1a2e-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    // Plugins check out on behalf of users, never as themselves.
    expect(
      (
        await request(server)
          .get(`/api/consumer/own-secret/${shared}`)
          .set('Authorization', asUser(ALICE))
      ).status,
    ).toBe(403);

    const used = await request(server)
      .get(`/api/vault/credentials/${personal}`)
      .set('Authorization', asUser(ALICE));
    expect(used.body.lastUsedAt).toEqual(expect.any(String));
  });

  it('checks shared credentials out to the plugin itself, audited with the plugin and the purpose, and never personal ones', async () => {
    const logs = captureLogs();
    const { server } = await startVault({
      keys: [newKey('key-a')],
      features: [consumerPlugin],
      logs,
    });
    const create = credentialCreator(server);
    const shared = await create(ADA, {
      kind: 'api-token',
      name: 'cluster-reader',
      scope: 'shared',
      token: 'cluster-token-123',
      allowedDestinations: ['k8s.example.com:6443'],
    });
    const personal = await create(ADA, {
      kind: 'password',
      name: 'mine',
      password: 'my-own-password',
    });
    const getShared = (id: string) =>
      request(server)
        .get(
          `/api/consumer/shared-secret/${id}?destination=${encodeURIComponent(
            'https://k8s.example.com:6443',
          )}`,
        )
        .set('Authorization', asUser(VIC));

    const ok = await getShared(shared);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      kind: 'api-token',
      username: '',
      token: 'cluster-token-123',
    });
    const refused = await getShared(personal);
    expectErrorAnswer(
      refused,
      403,
      `The vault refused credential '${personal}': Not allowed to use credential '${personal}': a plugin acting on its own may use shared credentials only, and this one is personal`,
    );
    expect(
      (await getShared('6f1c1a2e-0000-4000-8000-000000000000')).status,
    ).toBe(404);

    const checkouts = auditEvents(logs).filter(
      e => e.eventId === 'credential-checkout' && e.status !== 'initiated',
    );
    expect(
      checkouts.map(e => [e.status, e.actorId, e.meta?.via, e.meta?.purpose]),
    ).toEqual([
      ['succeeded', 'plugin:consumer', 'plugin:consumer', 'nightly check'],
      ['failed', 'plugin:consumer', 'plugin:consumer', 'nightly check'],
      ['failed', 'plugin:consumer', 'plugin:consumer', 'nightly check'],
    ]);
    expect(logs.lines.join('\n')).not.toContain('cluster-token-123');
  });
});
