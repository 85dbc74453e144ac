import { expectErrorAnswer } from '@opssight/plugin-testing-node';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Credential } from '@opssight/plugin-vault-common';
import {
  CredentialCheckout,
  openSecretFields,
  VaultCipher,
} from '@opssight/plugin-vault-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Knex } from 'knex';
import request from 'supertest';
import {
  ADA,
  ALICE,
  asUser,
  auditEvents,
  BOB,
  captureLogs,
  cipherKeys,
  newKey,
  NOBODY,
  onBehalfOf,
  sshKeygen,
  startVault,
  TestKey,
  VIC,
} from '../__testUtils__/vaultBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const PASSWORD = 'Tr0ub4dor&3-postgres';
const TOKEN = 'ghp_0123456789abcdefTOKENtoken';
const PASSPHRASE = 'correct horse battery';

describe('vault router', () => {
  let dir: string;
  let encryptedKey: Awaited<ReturnType<typeof sshKeygen>>;
  let plainKey: Awaited<ReturnType<typeof sshKeygen>>;
  let keyA: TestKey;
  let server: Awaited<ReturnType<typeof startVault>>['server'];
  let knex: Knex;
  let logs: ReturnType<typeof captureLogs>;
  /** The text of every response in a test, checked for secrets afterwards. */
  let responses: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opssight-vault-router-'));
    encryptedKey = await sshKeygen(dir, 'enc', [
      '-t',
      'ed25519',
      '-N',
      PASSPHRASE,
    ]);
    plainKey = await sshKeygen(dir, 'plain', ['-t', 'ed25519', '-N', '']);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const secrets = () => [
    PASSWORD,
    TOKEN,
    PASSPHRASE,
    encryptedKey.privateKey,
    plainKey.privateKey,
    // One line of each key's body, in case a response carried part of it.
    encryptedKey.privateKey.split('\n')[2],
    plainKey.privateKey.split('\n')[2],
  ];

  async function start(keys: TestKey[]) {
    const backend = await startVault({ keys, knex, logs });
    server = backend.server;
    return backend;
  }

  beforeEach(async () => {
    keyA = newKey('key-a');
    knex = await databases.init('SQLITE_3');
    logs = captureLogs();
    responses = [];
    await start([keyA]);
  });

  afterEach(() => {
    const leaks = responses.filter(text =>
      secrets().some(secret => text.includes(secret)),
    );
    if (leaks.length) {
      throw new Error(`A response carried a secret: ${leaks.join('\n')}`);
    }
  });

  function call(
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    authorization: string,
    body?: object | string,
  ) {
    const req = request(server)
      [method](`/api/vault${path}`)
      .set('Authorization', authorization);
    if (typeof body === 'string') req.set('Content-Type', 'application/json');
    return (body === undefined ? req : req.send(body)).then(res => {
      responses.push(res.text ?? '');
      return res;
    });
  }

  const create = (user: string, body: object) =>
    call('post', '/credentials', asUser(user), body);

  const password = (overrides: object = {}) => ({
    kind: 'password',
    name: 'db',
    username: 'postgres',
    password: PASSWORD,
    ...overrides,
  });

  function open(keys: TestKey[], checkout: CredentialCheckout) {
    return openSecretFields(
      new VaultCipher(cipherKeys(keys)),
      checkout.id,
      checkout.sealed,
    );
  }

  it('refuses requests without a user', async () => {
    for (const [method, path] of [
      ['get', '/credentials'],
      ['post', '/credentials'],
      ['get', '/credentials/x'],
      ['put', '/credentials/x'],
      ['delete', '/credentials/x'],
      ['post', '/credentials/x/checkout'],
      ['post', '/rotate'],
    ] as const) {
      const res = await call(method, path, mockCredentials.none.header());
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it('stores each kind of credential and answers with metadata only', async () => {
    const ssh = await create(ALICE, {
      kind: 'ssh-key',
      name: 'deploy',
      username: 'deploy',
      privateKey: encryptedKey.privateKey,
      passphrase: PASSPHRASE,
    });
    expect(ssh.status).toBe(201);
    expect(ssh.body).toEqual({
      id: expect.any(String),
      name: 'deploy',
      kind: 'ssh-key',
      scope: 'personal',
      owner: ALICE,
      username: 'deploy',
      keyType: 'ssh-ed25519',
      fingerprint: encryptedKey.fingerprint,
      publicKey: encryptedKey.publicKey,
      description: '',
      allowedDestinations: [],
      lastUsedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const pw = await create(ALICE, password({ description: 'primary' }));
    expect(pw.status).toBe(201);
    expect(pw.body).toMatchObject({
      kind: 'password',
      username: 'postgres',
      keyType: null,
      fingerprint: null,
    });

    const token = await create(ALICE, {
      kind: 'api-token',
      name: 'github',
      token: TOKEN,
    });
    expect(token.status).toBe(201);
    expect(token.body).toMatchObject({ kind: 'api-token', username: '' });

    const list = await call('get', '/credentials', asUser(ALICE));
    expect(list.body.items.map((c: Credential) => c.name)).toEqual([
      'db',
      'deploy',
      'github',
    ]);
    const filtered = await call(
      'get',
      '/credentials?kind=ssh-key',
      asUser(ALICE),
    );
    expect(filtered.body.items).toEqual([ssh.body]);
    const read = await call('get', `/credentials/${pw.body.id}`, asUser(ALICE));
    expect(read.body).toEqual(pw.body);

    // The secrets are there, encrypted: the plugin-side checkout decrypts them.
    const checkout = await call(
      'post',
      `/credentials/${ssh.body.id}/checkout`,
      onBehalfOf(ALICE),
    );
    expect(checkout.status).toBe(200);
    expect(open([keyA], checkout.body)).toEqual({
      privateKey: encryptedKey.privateKey,
      passphrase: PASSPHRASE,
    });
  });

  it('keeps a passphrase only when the key needs one', async () => {
    const res = await create(ALICE, {
      kind: 'ssh-key',
      name: 'plain',
      privateKey: plainKey.privateKey,
      passphrase: PASSPHRASE,
    });
    expect(res.status).toBe(201);
    const checkout = await call(
      'post',
      `/credentials/${res.body.id}/checkout`,
      onBehalfOf(ALICE),
    );
    expect(open([keyA], checkout.body)).toEqual({
      privateKey: plainKey.privateKey,
    });
  });

  it.each([
    [
      'an encrypted key without its passphrase',
      () => ({ privateKey: encryptedKey.privateKey }),
      'Invalid credential: privateKey: the key is encrypted: give its passphrase',
    ],
    [
      'a wrong passphrase',
      () => ({ privateKey: encryptedKey.privateKey, passphrase: 'nope nope' }),
      'privateKey: the passphrase is wrong',
    ],
    [
      'a public key',
      () => ({ privateKey: plainKey.publicKey }),
      'privateKey: this is a public key; the vault needs the private key',
    ],
    [
      'text that is no key',
      () => ({ privateKey: PASSWORD }),
      'privateKey: not a private key in a supported format',
    ],
  ])('refuses %s with a 400 naming the problem', async (_, fields, message) => {
    const res = await create(ALICE, {
      kind: 'ssh-key',
      name: 'k',
      ...fields(),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
    expect(
      (await call('get', '/credentials', asUser(ALICE))).body.items,
    ).toEqual([]);
  });

  it.each(
    [
      [password({ name: '' }), 'Invalid credential: name: is required'],
      [
        password({ name: 'x'.repeat(101) }),
        'name: must be at most 100 characters',
      ],
      [password({ password: undefined }), 'password: is required'],
      [
        password({ token: TOKEN }),
        "unknown field 'token' for a credential of kind 'password'",
      ],
      [
        { kind: 'certificate', name: 'x', password: PASSWORD },
        "kind: must be one of 'ssh-key', 'password', 'api-token'",
      ],
      [
        password({ scope: 'team' }),
        "scope: must be one of 'personal', 'shared'",
      ],
    ].map(([body, message]) => [message, body]) as Array<[string, object]>,
  )('answers 400 with "%s"', async (message, body) => {
    const res = await create(ALICE, body);
    expectErrorAnswer(res, 400, expect.stringContaining(message));
  });

  it('reports a malformed body without quoting it', async () => {
    const res = await call(
      'post',
      '/credentials',
      asUser(ALICE),
      `{"kind": "password", "password": "${PASSWORD}`,
    );
    expectErrorAnswer(res, 400, 'Malformed JSON body');
  });

  it('refuses a duplicate name with a 409 naming the existing credential', async () => {
    const first = await create(ALICE, password());
    const dup = await create(ALICE, password());
    expectErrorAnswer(
      dup,
      409,
      `name: you already have a personal credential named 'db' (id ${first.body.id})`,
    );
    // Bob's own "db" is fine.
    expect((await create(BOB, password())).status).toBe(201);
  });

  it('renames, changes the user name and replaces the secret, keeping what is left out', async () => {
    const created = (await create(ALICE, password())).body as Credential;
    const renamed = await call(
      'put',
      `/credentials/${created.id}`,
      asUser(ALICE),
      { name: 'db-prod', username: 'admin', kind: 'password' },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'db-prod', username: 'admin' });
    let checkout = await call(
      'post',
      `/credentials/${created.id}/checkout`,
      onBehalfOf(ALICE),
    );
    expect(open([keyA], checkout.body)).toEqual({ password: PASSWORD });
    expect(checkout.body.username).toBe('admin');

    const replaced = await call(
      'put',
      `/credentials/${created.id}`,
      asUser(ALICE),
      { password: `${PASSWORD}-2` },
    );
    expect(replaced.status).toBe(200);
    checkout = await call(
      'post',
      `/credentials/${created.id}/checkout`,
      onBehalfOf(ALICE),
    );
    expect(open([keyA], checkout.body)).toEqual({ password: `${PASSWORD}-2` });

    for (const [body, message] of [
      [{ kind: 'ssh-key' }, 'kind: cannot be changed'],
      [{ scope: 'shared' }, 'scope: cannot be changed'],
      [{ token: TOKEN }, "unknown field 'token'"],
      [{ name: '' }, 'name: is required'],
    ] as const) {
      const res = await call(
        'put',
        `/credentials/${created.id}`,
        asUser(ALICE),
        body,
      );
      expect([res.status, res.body.error.message]).toEqual([
        400,
        expect.stringContaining(message),
      ]);
    }

    const ssh = (
      await create(ALICE, {
        kind: 'ssh-key',
        name: 'k',
        privateKey: plainKey.privateKey,
      })
    ).body as Credential;
    const rekeyed = await call('put', `/credentials/${ssh.id}`, asUser(ALICE), {
      privateKey: encryptedKey.privateKey,
      passphrase: PASSPHRASE,
    });
    expect(rekeyed.body.fingerprint).toBe(encryptedKey.fingerprint);
    const wrong = await call('put', `/credentials/${ssh.id}`, asUser(ALICE), {
      privateKey: encryptedKey.privateKey,
      passphrase: 'wrong one',
    });
    expectErrorAnswer(
      wrong,
      400,
      expect.stringContaining('privateKey: the passphrase is wrong'),
    );
    expect(
      (await call('get', `/credentials/${ssh.id}`, asUser(ALICE))).body
        .fingerprint,
    ).toBe(encryptedKey.fingerprint);

    const deleted = await call(
      'delete',
      `/credentials/${created.id}`,
      asUser(ALICE),
    );
    expect(deleted.status).toBe(204);
    expect(
      (await call('get', `/credentials/${created.id}`, asUser(ALICE))).status,
    ).toBe(404);
  });

  it("hides a user's personal credentials from everyone else", async () => {
    const mine = (await create(ALICE, password())).body as Credential;
    const path = `/credentials/${mine.id}`;
    for (const [method, body] of [
      ['get', undefined],
      ['put', { name: 'stolen' }],
      ['delete', undefined],
    ] as const) {
      const res = await call(method, path, asUser(BOB), body);
      expect([method, res.status, res.body.error?.message]).toEqual([
        method,
        404,
        `No credential with id '${mine.id}'`,
      ]);
    }
    for (const user of [BOB, ADA]) {
      expect(
        (await call('get', '/credentials', asUser(user))).body.items,
      ).toEqual([]);
    }
    const checkout = await call('post', `${path}/checkout`, onBehalfOf(BOB));
    expectErrorAnswer(
      checkout,
      403,
      `Not allowed to use credential '${mine.id}': it is another user's personal credential`,
    );
    expect(checkout.body.sealed).toBeUndefined();
    expect((await call('get', path, asUser(ALICE))).body.name).toBe('db');
  });

  it('lets only shared.manage create, change and delete shared credentials, and shows viewers their names', async () => {
    const refused = await create(ALICE, password({ scope: 'shared' }));
    expectErrorAnswer(
      refused,
      403,
      "Your role does not allow 'opssight.vault.shared.manage'",
    );

    const shared = await create(ADA, password({ scope: 'shared' }));
    expect(shared.status).toBe(201);
    const path = `/credentials/${shared.body.id}`;
    expect(
      (await call('put', path, asUser(ALICE), { name: 'mine now' })).status,
    ).toBe(403);
    expect((await call('delete', path, asUser(BOB))).status).toBe(403);

    // Operators see and use shared credentials.
    const aliceList = await call('get', '/credentials', asUser(ALICE));
    expect(aliceList.body.items).toEqual([shared.body]);
    const used = await call('post', `${path}/checkout`, onBehalfOf(BOB));
    expect(used.status).toBe(200);
    expect(open([keyA], used.body)).toEqual({ password: PASSWORD });

    // Viewers see names, and may do nothing else.
    const nameOnly = {
      id: shared.body.id,
      name: 'db',
      kind: 'password',
      scope: 'shared',
    };
    expect((await call('get', '/credentials', asUser(VIC))).body.items).toEqual(
      [nameOnly],
    );
    expect((await call('get', path, asUser(VIC))).body).toEqual(nameOnly);
    expect((await create(VIC, password())).status).toBe(403);
    const viewerCheckout = await call(
      'post',
      `${path}/checkout`,
      onBehalfOf(VIC),
    );
    expectErrorAnswer(
      viewerCheckout,
      403,
      expect.stringContaining('opssight.vault.credential.use'),
    );
    // No role, no list.
    expect((await call('get', '/credentials', asUser(NOBODY))).status).toBe(
      403,
    );

    expect(
      (await call('put', path, asUser(ADA), { name: 'db-shared' })).body.name,
    ).toBe('db-shared');
    expect((await call('delete', path, asUser(ADA))).status).toBe(204);
  });

  it('checks out only for a plugin acting on behalf of a user, and never in plaintext', async () => {
    const { body: created } = await create(ALICE, password());
    const path = `/credentials/${created.id}/checkout`;

    const direct = await call('post', path, asUser(ALICE));
    expect(direct.status).toBe(403);
    expect(direct.body.error.message).toMatch(/not with a user token/);
    expect(direct.body.sealed).toBeUndefined();
    const service = await call('post', path, mockCredentials.service.header());
    expectErrorAnswer(
      service,
      403,
      'Only users have credentials; this request was made by a service',
    );
    expect(
      (
        await call(
          'post',
          '/credentials/6f1c1a2e-0000-4000-8000-000000000000/checkout',
          onBehalfOf(ALICE),
        )
      ).status,
    ).toBe(404);

    const checkout = await call('post', path, onBehalfOf(ALICE, 'automation'));
    expect(checkout.status).toBe(200);
    expect(Object.keys(checkout.body).sort()).toEqual([
      'id',
      'kind',
      'name',
      'scope',
      'sealed',
      'username',
    ]);
    expect(checkout.body.sealed.keyId).toBe('key-a');
    expect(checkout.text).not.toContain(PASSWORD);

    const after = await call(
      'get',
      `/credentials/${created.id}`,
      asUser(ALICE),
    );
    expect(after.body.lastUsedAt).toEqual(expect.any(String));

    const audit = auditEvents(logs).filter(
      e => e.eventId === 'credential-checkout',
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        status: 'succeeded',
        actorId: ALICE,
        meta: expect.objectContaining({ via: 'plugin:automation' }),
      }),
    );
    // The user token, the service token and the unknown id.
    expect(audit.filter(e => e.status === 'failed')).toHaveLength(3);
  });

  it('checks a shared credential out to a backend plugin acting on its own, with a purpose, and nothing else', async () => {
    const shared = (
      await create(ADA, {
        kind: 'api-token',
        name: 'cluster-reader',
        scope: 'shared',
        token: TOKEN,
        allowedDestinations: ['https://k8s.example.com:6443/'],
      })
    ).body as Credential;
    const personal = (await create(ADA, password())).body as Credential;
    const asPlugin = `Bearer ${mockCredentials.service.token({
      onBehalfOf: mockCredentials.service('plugin:clusters'),
      targetPluginId: 'vault',
    })}`;
    const checkout = (id: string, authorization: string, body?: object) =>
      call('post', `/credentials/${id}/checkout`, authorization, body);
    const purpose = {
      purpose: 'health check of cluster prod-eu-1',
      destination: 'https://k8s.example.com:6443',
    };

    const ok = await checkout(shared.id, asPlugin, purpose);
    expect(ok.status).toBe(200);
    expect(ok.body.kind).toBe('api-token');
    expect(open([keyA], ok.body)).toEqual({ token: TOKEN });
    expect(ok.text).not.toContain(TOKEN);
    expect(
      (await call('get', `/credentials/${shared.id}`, asUser(ADA))).body
        .lastUsedAt,
    ).toEqual(expect.any(String));

    // Never a personal credential, not even its owner's.
    const refused = await checkout(personal.id, asPlugin, purpose);
    expectErrorAnswer(
      refused,
      403,
      `Not allowed to use credential '${personal.id}': a plugin acting on its own may use shared credentials only, and this one is personal`,
    );
    expect(refused.body.sealed).toBeUndefined();

    // It says why.
    for (const body of [undefined, {}, { purpose: '  ' }]) {
      const bare = await checkout(shared.id, asPlugin, body);
      expectErrorAnswer(
        bare,
        400,
        'Invalid checkout: purpose: is required: say why the plugin needs the secret, for the audit trail',
      );
    }

    // A service that is not a plugin (the static API token) gets nothing.
    const script = await checkout(
      shared.id,
      mockCredentials.service.header(),
      purpose,
    );
    expectErrorAnswer(
      script,
      403,
      'Only users have credentials; this request was made by a service',
    );
    expect(
      (
        await checkout(
          '6f1c1a2e-0000-4000-8000-000000000000',
          asPlugin,
          purpose,
        )
      ).status,
    ).toBe(404);

    const audit = auditEvents(logs).filter(
      e => e.eventId === 'credential-checkout' && e.status !== 'initiated',
    );
    expect(audit[0]).toMatchObject({
      status: 'succeeded',
      actorId: 'plugin:clusters',
      meta: expect.objectContaining({
        via: 'plugin:clusters',
        purpose: 'health check of cluster prod-eu-1',
        id: shared.id,
        scope: 'shared',
      }),
    });
    expect(audit[1]).toMatchObject({
      status: 'failed',
      meta: expect.objectContaining({
        via: 'plugin:clusters',
        id: personal.id,
        scope: 'personal',
      }),
    });
    expect(audit.map(e => e.status)).toEqual([
      'succeeded',
      ...Array(6).fill('failed'),
    ]);
    expect(logs.lines.join('\n')).not.toContain(TOKEN);
  });

  it('re-encrypts every credential under a new key while running, once, and old keys can then go', async () => {
    const created: Credential[] = [];
    for (let i = 0; i < 5; i++) {
      created.push((await create(ALICE, password({ name: `db-${i}` }))).body);
    }
    created.push(
      (
        await create(ALICE, {
          kind: 'ssh-key',
          name: 'key',
          privateKey: encryptedKey.privateKey,
          passphrase: PASSPHRASE,
        })
      ).body,
    );
    created.push(
      (
        await create(ADA, {
          kind: 'api-token',
          name: 't',
          scope: 'shared',
          token: TOKEN,
          allowedDestinations: ['k8s.example.com'],
        })
      ).body,
    );

    const keyB = newKey('key-b');
    await server.stop();
    const backend = await start([keyB, keyA]);

    expect((await call('post', '/rotate', asUser(ALICE))).status).toBe(403);
    const first = await call('post', '/rotate', asUser(ADA));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      activeKeyId: 'key-b',
      total: 7,
      rotated: 7,
      unchanged: 0,
      failed: [],
    });
    const again = await call(
      'post',
      '/rotate',
      mockCredentials.service.header(),
    );
    expect(again.body).toMatchObject({ rotated: 0, unchanged: 7 });

    await backend.stop();
    await start([keyB]);
    for (const credential of created) {
      const user = credential.scope === 'shared' ? BOB : ALICE;
      const checkout = await call(
        'post',
        `/credentials/${credential.id}/checkout`,
        onBehalfOf(user),
        credential.kind === 'api-token'
          ? { destination: 'https://k8s.example.com/' }
          : undefined,
      );
      expect(checkout.body.sealed.keyId).toBe('key-b');
      const fields = open([keyB], checkout.body);
      expect(Object.values(fields)).toContainEqual(
        {
          password: PASSWORD,
          'api-token': TOKEN,
          'ssh-key': encryptedKey.privateKey,
        }[credential.kind],
      );
    }
  });

  it('reports credentials whose key is gone instead of failing the rotation', async () => {
    const { body: lost } = await create(ALICE, password({ name: 'lost' }));
    await server.stop();
    const keyB = newKey('key-b');
    const keyC = newKey('key-c');
    await start([keyB]);
    await create(ALICE, password({ name: 'new' }));
    await server.stop();
    await start([keyC, keyB]);
    const res = await call('post', '/rotate', asUser(ADA));
    expect(res.body).toEqual({
      activeKeyId: 'key-c',
      total: 2,
      rotated: 1,
      unchanged: 0,
      failed: [
        {
          id: lost.id,
          name: 'lost',
          keyId: 'key-a',
          message: expect.stringContaining(
            "encrypted with vault key 'key-a', which is not configured",
          ),
        },
      ],
    });
  });

  describe("a shared credential's allowed destinations", () => {
    const asPlugin = `Bearer ${mockCredentials.service.token({
      onBehalfOf: mockCredentials.service('plugin:clusters'),
      targetPluginId: 'vault',
    })}`;
    const token = (overrides: object = {}) =>
      create(ADA, {
        kind: 'api-token',
        name: 'kube-reader',
        scope: 'shared',
        token: TOKEN,
        ...overrides,
      });

    it('are set by admins only, normalized, validated and audited', async () => {
      const created = await token({
        allowedDestinations: [
          'K8S.example.com:6443',
          'https://k8s.example.com:6443',
          'https://proxy.example/k8s/prod',
          'k8s.example.com:6443',
        ],
      });
      expect(created.status).toBe(201);
      expect(created.body.allowedDestinations).toEqual([
        'k8s.example.com:6443',
        'https://k8s.example.com:6443/',
        'https://proxy.example/k8s/prod/',
      ]);
      const path = `/credentials/${created.body.id}`;

      // An operator may use it, and sees where it goes, but may not rebind it.
      const seen = await call('get', path, asUser(ALICE));
      expect(seen.body.allowedDestinations).toEqual(
        created.body.allowedDestinations,
      );
      const operator = await call('put', path, asUser(ALICE), {
        allowedDestinations: ['evil.example'],
      });
      expectErrorAnswer(
        operator,
        403,
        "Your role does not allow 'opssight.vault.shared.manage'",
      );
      // A viewer learns its name only.
      expect(
        (await call('get', path, asUser(VIC))).body.allowedDestinations,
      ).toBeUndefined();

      for (const [destinations, message] of [
        [
          ['https://k8s.example.com/../', '*.example.com'],
          'Invalid credential: allowedDestinations.1: must be a host (k8s.example.com, 10.0.0.10:6443) or a URL prefix (https://k8s.example.com:6443/)',
        ],
        [
          ['https://user:pw@k8s.example.com/'],
          'Invalid credential: allowedDestinations.0: must be a host (k8s.example.com, 10.0.0.10:6443) or a URL prefix (https://k8s.example.com:6443/)',
        ],
        [
          ['ftp://k8s.example.com/'],
          'Invalid credential: allowedDestinations.0: must be a host (k8s.example.com, 10.0.0.10:6443) or a URL prefix (https://k8s.example.com:6443/)',
        ],
      ] as const) {
        const bad = await call('put', path, asUser(ADA), {
          allowedDestinations: destinations,
        });
        expect([bad.status, bad.body.error.message]).toEqual([400, message]);
      }
      expect(
        (await call('get', path, asUser(ADA))).body.allowedDestinations,
      ).toEqual(created.body.allowedDestinations);

      const rebound = await call('put', path, asUser(ADA), {
        allowedDestinations: ['10.0.0.10:6443'],
      });
      expect(rebound.status).toBe(200);
      expect(rebound.body.allowedDestinations).toEqual(['10.0.0.10:6443']);

      // Personal credentials go wherever their owner sends them: no bindings.
      const personal = await create(ALICE, {
        kind: 'api-token',
        name: 'mine',
        token: TOKEN,
        allowedDestinations: ['k8s.example.com'],
      });
      expect([personal.status, personal.body.error.message]).toEqual([
        400,
        'Invalid credential: allowedDestinations: only shared credentials are bound to destinations',
      ]);

      const updates = auditEvents(logs).filter(
        e => e.eventId === 'credential-update' && e.status !== 'initiated',
      );
      expect(updates.map(e => e.status)).toEqual([
        'failed',
        'failed',
        'failed',
        'failed',
        'succeeded',
      ]);
      expect(updates[4].meta).toMatchObject({
        allowedDestinations: {
          before: created.body.allowedDestinations,
          after: ['10.0.0.10:6443'],
        },
      });
      expect(
        auditEvents(logs).find(
          e => e.eventId === 'credential-create' && e.status === 'succeeded',
        )?.meta,
      ).toMatchObject({
        allowedDestinations: created.body.allowedDestinations,
      });
    });

    it('are the only places the vault hands the credential out for', async () => {
      const bound = (
        await token({ allowedDestinations: ['https://k8s.example.com:6443/'] })
      ).body as Credential;
      const unbound = (await token({ name: 'unbound' })).body as Credential;
      const checkout = (
        c: Credential,
        authorization: string,
        body: object = {},
      ) => call('post', `/credentials/${c.id}/checkout`, authorization, body);
      const purpose = 'health check of cluster lab';

      const ok = await checkout(bound, asPlugin, {
        purpose,
        destination: 'https://k8s.example.com:6443/',
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        destination: 'https://k8s.example.com:6443/',
        allowedDestinations: ['https://k8s.example.com:6443/'],
      });
      expect(
        (
          await checkout(bound, onBehalfOf(ALICE, 'kubernetes'), {
            destination: 'https://k8s.example.com:6443/api',
          })
        ).status,
      ).toBe(200);

      for (const [credential, destination, reason] of [
        [
          bound,
          'https://k8s.example.com.evil.com:6443/',
          'https://k8s.example.com.evil.com:6443/ is not one of its allowed destinations (https://k8s.example.com:6443/)',
        ],
        [
          bound,
          'https://127.0.0.1:8443/',
          'https://127.0.0.1:8443/ is not one of its allowed destinations (https://k8s.example.com:6443/)',
        ],
        [
          bound,
          'http://k8s.example.com:6443/',
          'secrets are not sent over plain http (vault.destinations.allowInsecureHttp is off); use https',
        ],
        [
          unbound,
          'https://k8s.example.com:6443/',
          'it is bound to no destination, so it is sent nowhere (asked for https://k8s.example.com:6443/)',
        ],
      ] as const) {
        const expected = `Credential '${credential.name}' may not be sent there: ${reason}. An admin can add the destination to the credential on the Credentials page`;
        for (const [authorization, body] of [
          [asPlugin, { purpose, destination }],
          [onBehalfOf(ALICE, 'kubernetes'), { destination }],
        ] as const) {
          const refused = await checkout(credential, authorization, body);
          expect([refused.status, refused.body.error.message]).toEqual([
            403,
            expected,
          ]);
          expect(refused.body.sealed).toBeUndefined();
        }
        const check = await call(
          'post',
          `/credentials/${credential.id}/destination-check`,
          asUser(ALICE),
          { destination },
        );
        expect([check.status, check.body.error.message]).toEqual([
          403,
          expected,
        ]);
      }

      // An API token is handed out only for where it goes.
      const nowhere = await checkout(bound, asPlugin, { purpose });
      expect([nowhere.status, nowhere.body.error.message]).toEqual([
        400,
        "Credential 'kube-reader' is an API token, which is handed out only for the URL it is sent to (destination)",
      ]);

      const check = await call(
        'post',
        `/credentials/${bound.id}/destination-check`,
        asUser(ALICE),
        { destination: 'https://k8s.example.com:6443' },
      );
      expect([check.status, check.body]).toEqual([
        200,
        {
          id: bound.id,
          name: 'kube-reader',
          kind: 'api-token',
          scope: 'shared',
        },
      ]);
      expect(
        (
          await call(
            'post',
            `/credentials/${bound.id}/destination-check`,
            asUser(VIC),
            { destination: 'https://k8s.example.com:6443' },
          )
        ).status,
      ).toBe(403);

      const refusals = auditEvents(logs).filter(
        e => e.eventId === 'credential-checkout' && e.status === 'failed',
      );
      expect(refusals[0].meta).toMatchObject({
        name: 'kube-reader',
        destination: 'https://k8s.example.com.evil.com:6443/',
      });
    });

    it('let plain http through only when the configuration allows it', async () => {
      await server.stop();
      const backend = await startVault({
        keys: [keyA],
        knex,
        logs,
        config: { vault: { destinations: { allowInsecureHttp: true } } },
      });
      server = backend.server;
      const bound = (await token({ allowedDestinations: ['127.0.0.1'] }))
        .body as Credential;
      const ok = await call(
        'post',
        `/credentials/${bound.id}/checkout`,
        asPlugin,
        { purpose: 'e2e', destination: 'http://127.0.0.1:8080/' },
      );
      expect(ok.status).toBe(200);
    });
  });

  it('audits every route, refusals included', async () => {
    const { body } = await create(ALICE, password());
    await call('get', `/credentials/${body.id}`, asUser(BOB));
    await call('delete', `/credentials/${body.id}`, asUser(ALICE));
    const events = auditEvents(logs).map(e => [e.eventId, e.status, e.actorId]);
    expect(events).toEqual([
      ['credential-create', 'initiated', ALICE],
      ['credential-create', 'succeeded', ALICE],
      ['credential-read', 'initiated', BOB],
      ['credential-read', 'failed', BOB],
      ['credential-delete', 'initiated', ALICE],
      ['credential-delete', 'succeeded', ALICE],
    ]);
  });

  it('serves its OpenAPI spec', async () => {
    const res = await call('get', '/openapi.json', asUser(ALICE));
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/vault/credentials']).toBeDefined();
  });
});
