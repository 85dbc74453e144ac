import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Role } from '@opssight/plugin-access-common';
import { Machine } from '@opssight/plugin-machines-common';
import {
  auditEvents,
  captureLogs,
  expectErrorAnswer,
  onBehalfOfAuth,
  rolePermissions,
  sshKeygen,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import vaultPlugin from '@opssight/plugin-vault-backend';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  FinishedConnectionTest,
  followConnectionTest,
} from '@opssight/plugin-testing-node';
import machinesPlugin from '@opssight/plugin-machines-backend';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const VIC = 'user:default/vic';
const ADA = 'user:default/ada';
const ROLES: Record<string, Role> = {
  [ALICE]: 'operator',
  [BOB]: 'operator',
  [VIC]: 'viewer',
  [ADA]: 'admin',
};

/** Decides like the OpsSight policy for the caller's role; services pass, as in Backstage. */

const as = (user: string) => mockCredentials.user.header(user);
const UNKNOWN_ID = '6f1c1a2e-0000-4000-8000-000000000000';

describe('connection tests with vault credentials', () => {
  let sshd: TestSshd;
  let dir: string;
  let strangerKey: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let logs: ReturnType<typeof captureLogs>;
  /** Every response body of a test, checked for secrets afterwards. */
  let responses: string[];

  beforeAll(async () => {
    sshd = await startSshd();
    dir = await mkdtemp(join(tmpdir(), 'opssight-machines-credentials-'));
    strangerKey = (
      await sshKeygen(dir, 'stranger', ['-t', 'ed25519', '-N', ''])
    ).privateKey;
  });

  afterAll(async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    logs = captureLogs();
    responses = [];
    ({ server } = await startTestBackend({
      features: [
        machinesPlugin,
        vaultPlugin,
        rolePermissions(ROLES),
        onBehalfOfAuth,
        logs.factory,
        mockServices.rootConfig.factory({
          data: {
            vault: {
              keys: [
                { id: 'test', secret: randomBytes(32).toString('base64') },
              ],
            },
            machines: {
              // The tests' sshd listens on a loopback port.
              allowLoopback: true,
              connectionTest: {
                connectTimeoutMs: 1500,
                handshakeTimeoutMs: 3000,
              },
            },
          },
        }),
      ],
    }));
  });

  /** No secret in any response of the test, nor in anything the backend logged. */
  function expectNoSecretsShown() {
    const secrets = [
      sshd.clientPrivateKey,
      strangerKey,
      // One line of each key's body, in case something carried part of one.
      sshd.clientPrivateKey.split('\n')[2],
      strangerKey.split('\n')[2],
      'registry-token-123',
    ];
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const text of [...responses, ...logs.lines]) {
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
      }
    }
  }

  async function call(
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    user: string,
    body?: object,
  ) {
    const res = await request(server)
      [method](path)
      .set('Authorization', as(user))
      .send(body);
    responses.push(res.text);
    return res;
  }

  async function credential(user: string, body: object): Promise<string> {
    const res = await call('post', '/api/vault/credentials', user, body);
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function machine(body: object): Promise<Machine> {
    const res = await call('post', '/api/machines/machines', ALICE, body);
    expect(res.status).toBe(201);
    return res.body;
  }

  async function runTest(
    user: string,
    body: object,
  ): Promise<FinishedConnectionTest> {
    const started = await call(
      'post',
      '/api/machines/connection-tests',
      user,
      body,
    );
    expect(started.status).toBe(202);
    const finished = await followConnectionTest(
      server,
      started.body.id,
      as(user),
    );
    responses.push(...finished.responses);
    return finished;
  }

  /** Alice's personal keys: one the lab's sshd accepts, one it has never seen. */
  async function aliceKeys() {
    const labKey = await credential(ALICE, {
      kind: 'ssh-key',
      name: 'lab',
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
    });
    const stranger = await credential(ALICE, {
      kind: 'ssh-key',
      name: 'stranger',
      username: sshd.username,
      privateKey: strangerKey,
    });
    return { labKey, stranger };
  }

  /** The same keys shared by an admin: what a machine's default credential must be. */
  async function sharedKeys() {
    const labKey = await credential(ADA, {
      kind: 'ssh-key',
      scope: 'shared',
      name: 'lab shared',
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
    });
    const stranger = await credential(ADA, {
      kind: 'ssh-key',
      scope: 'shared',
      name: 'stranger shared',
      username: sshd.username,
      privateKey: strangerKey,
    });
    return { labKey, stranger };
  }

  it("logs in with each machine's default credential, or the one picked for the test", async () => {
    const { labKey, stranger } = await sharedKeys();
    const lab = await machine({
      ip: sshd.host,
      hostname: 'lab',
      sshPort: sshd.port,
      defaultCredentialId: labKey,
    });
    expect(lab.defaultCredentialId).toBe(labKey);
    expect(
      (await call('get', `/api/machines/machines/${lab.id}`, ALICE)).body
        .defaultCredentialId,
    ).toBe(labKey);
    // Nothing listens there, and without a credential nothing is checked out for it.
    const bare = await machine({
      ip: '127.0.0.2',
      hostname: 'bare',
      sshPort: sshd.port,
    });
    expect(bare.defaultCredentialId).toBeNull();

    const byDefault = await runTest(ALICE, { all: true });
    const results = Object.fromEntries(
      byDefault.results.map(r => [r.machineId, r]),
    );
    expect(results[lab.id]).toMatchObject({
      sshOk: true,
      errorKind: null,
      credentialId: labKey,
    });
    expect(results[bare.id]).toMatchObject({ errorKind: 'refused' });
    expect(results[bare.id].credentialId).toBeUndefined();

    const picked = await runTest(ALICE, {
      machineIds: [lab.id],
      credentialId: stranger,
    });
    expect(picked.results[0]).toMatchObject({
      reachable: true,
      sshOk: false,
      errorKind: 'auth',
      credentialId: stranger,
    });
    expect(picked.results[0].message).toContain(
      `did not accept ${sshd.username}`,
    );
    const after = (await call('get', `/api/machines/machines/${lab.id}`, ALICE))
      .body as Machine;
    expect(after.lastCheck).toMatchObject({
      errorKind: 'auth',
      credentialId: stranger,
    });
    // The pick was for that test only.
    expect(after.defaultCredentialId).toBe(labKey);

    // And the other way round: a stranger's key by default, the right one picked.
    const updated = await call(
      'put',
      `/api/machines/machines/${lab.id}`,
      ALICE,
      {
        ip: sshd.host,
        hostname: 'lab',
        sshPort: sshd.port,
        defaultCredentialId: stranger,
      },
    );
    expect(updated.body.defaultCredentialId).toBe(stranger);
    expect(
      (await runTest(ALICE, { machineIds: [lab.id] })).results[0],
    ).toMatchObject({ errorKind: 'auth', credentialId: stranger });
    expect(
      (await runTest(ALICE, { machineIds: [lab.id], credentialId: labKey }))
        .results[0],
    ).toMatchObject({ sshOk: true, credentialId: labKey });
    // Or no credential at all: the handshake and the host key only.
    const handshake = await runTest(ALICE, {
      machineIds: [lab.id],
      credentialId: null,
    });
    expect(handshake.results[0]).toMatchObject({ sshOk: true });
    expect(handshake.results[0].credentialId).toBeUndefined();

    const audited = auditEvents(logs).filter(
      e => e.eventId === 'machine-connection-test' && e.status === 'initiated',
    );
    expect(
      audited.map(e => [e.meta?.credentialId, e.meta?.credentialIds]),
    ).toEqual([
      [null, [labKey]],
      [stranger, [stranger]],
      [null, [stranger]],
      [labKey, [labKey]],
      [null, []],
    ]);
    // Each checkout is the vault's own audit event, made on Alice's behalf by this plugin.
    expect(
      auditEvents(logs).filter(
        e => e.eventId === 'credential-checkout' && e.status === 'succeeded',
      ),
    ).toHaveLength(4);
    expectNoSecretsShown();
  });

  it('refuses, before any run starts, a credential the caller may not use or that does not exist, naming it by name', async () => {
    const { labKey } = await aliceKeys();
    const shared = (await sharedKeys()).labKey;
    const token = await credential(ALICE, {
      kind: 'api-token',
      name: 'registry',
      token: 'registry-token-123',
    });
    await machine({
      ip: sshd.host,
      hostname: 'lab',
      sshPort: sshd.port,
      defaultCredentialId: shared,
    });

    const start = (user: string, body: object) =>
      call('post', '/api/machines/connection-tests', user, body);

    // Alice's personal key is hers alone: Bob cannot pick it.
    const picked = await start(BOB, { all: true, credentialId: labKey });
    expect(picked.status).toBe(403);
    expect(picked.body.error.message).toMatch(
      /^credentialId: .*the credential.*another user's personal credential$/,
    );

    const unknown = await start(ALICE, { all: true, credentialId: UNKNOWN_ID });
    expectErrorAnswer(
      unknown,
      400,
      'credentialId: the credential is not in the vault',
    );
    const malformed = await start(ALICE, { all: true, credentialId: 'lab' });
    expectErrorAnswer(
      malformed,
      400,
      expect.stringContaining('credentialId: must be a credential id (a UUID)'),
    );
    // An API token is refused (by the vault, which hands tokens out for a web
    // destination only, or here), named by its name.
    const apiToken = await start(ALICE, { all: true, credentialId: token });
    expect([400, 403]).toContain(apiToken.status);
    expect(apiToken.body.error.message).toMatch(/^credentialId: .*'registry'/);
    expect(apiToken.body.error.message).not.toContain(token);

    // A viewer may not run tests at all.
    const viewer = await start(VIC, { all: true });
    expectErrorAnswer(
      viewer,
      403,
      "Your role does not allow 'opssight.machines.connection-test'",
    );

    // Secrets are checked out on behalf of users, not of scripts with a service
    // token; those can still test without logging in.
    const asService = (body: object) =>
      request(server)
        .post('/api/machines/connection-tests')
        .set('Authorization', mockCredentials.service.header())
        .send(body);
    const service = await asService({ all: true });
    responses.push(service.text);
    expectErrorAnswer(
      service,
      403,
      `The default credential of lab: Credentials are checked out on behalf of a user; these credentials are not a user; pick another credential for the test, or test without logging in`,
    );
    const handshakeOnly = await asService({ all: true, credentialId: null });
    expect(handshakeOnly.status).toBe(202);
    expect(handshakeOnly.body.progress.total).toBe(1);

    // A default deleted from the vault since names the machines that have it.
    expect(
      (await call('delete', `/api/vault/credentials/${shared}`, ADA)).status,
    ).toBe(204);
    const gone = await start(ALICE, { all: true });
    expectErrorAnswer(
      gone,
      400,
      `The default credential of lab: the credential is not in the vault; pick another credential for the test, or test without logging in`,
    );
    // Error messages name credentials by name, in the user's words.
    for (const text of responses.filter(r => r.includes('"error"'))) {
      expect(text).not.toContain(labKey);
      expect(text).not.toContain(shared);
      expect(text).not.toContain(UNKNOWN_ID);
      expect(text).not.toMatch(/pick a credentialId|or null/);
    }

    // None of the refused requests started a run.
    expect(
      auditEvents(logs)
        .filter(e => e.eventId === 'machine-connection-test')
        .map(e => e.status),
    ).toEqual([
      ...Array(4).fill(['initiated', 'failed']).flat(),
      'initiated',
      'succeeded', // the service's handshake-only test
      'initiated',
      'failed',
    ]);
    expectNoSecretsShown();
  });

  it("takes only shared SSH keys and passwords as a machine's default credential, naming the credential", async () => {
    const { labKey } = await aliceKeys();
    const shared = (await sharedKeys()).labKey;
    const token = await credential(ADA, {
      kind: 'api-token',
      scope: 'shared',
      name: 'registry',
      token: 'registry-token-123',
    });

    for (const [defaultCredentialId, message] of [
      [
        'lab',
        'Invalid machine: defaultCredentialId: must be a credential id (a UUID)',
      ],
      [
        labKey,
        "Invalid machine: defaultCredentialId: 'lab' is a personal credential, and a machine's default must be a shared one: everyone who tests the machine or opens a terminal on it logs in with it",
      ],
      [
        token,
        "Invalid machine: defaultCredentialId: 'registry' is an API token, and a machine's default credential is a shared SSH key or password",
      ],
      [
        UNKNOWN_ID,
        "Invalid machine: defaultCredentialId: the chosen credential is not in the vault, or is another user's personal credential: pick a shared credential",
      ],
    ]) {
      const refused = await call('post', '/api/machines/machines', ALICE, {
        ip: '10.0.0.1',
        hostname: 'web-1',
        defaultCredentialId,
      });
      expectErrorAnswer(refused, 400, message);
    }
    // Nothing was stored by the refused requests.
    expect(
      (await call('get', '/api/machines/machines', ALICE)).body.totalCount,
    ).toBe(0);

    const good = await machine({
      ip: '10.0.0.1',
      hostname: 'web-1',
      defaultCredentialId: shared,
    });
    expect(good.defaultCredentialId).toBe(shared);
    const update = await call(
      'put',
      `/api/machines/machines/${good.id}`,
      ALICE,
      { ip: '10.0.0.1', hostname: 'web-1', defaultCredentialId: labKey },
    );
    expect(update.status).toBe(400);
    expect(update.body.error.message).toMatch(
      /^Invalid machine: defaultCredentialId: 'lab' is a personal credential/,
    );
    expect(
      (await call('get', `/api/machines/machines/${good.id}`, ALICE)).body
        .defaultCredentialId,
    ).toBe(shared);

    const imported = await call('post', '/api/machines/bulk-imports', ALICE, {
      text: '10.0.0.2,web-2\n10.0.0.3,web-3',
      defaultCredentialId: shared,
    });
    expect(imported.status).toBe(200);
    expect(
      imported.body.created.map((m: Machine) => m.defaultCredentialId),
    ).toEqual([shared, shared]);
    const personalImport = await call(
      'post',
      '/api/machines/bulk-imports',
      ALICE,
      { text: '10.0.0.4,web-4', defaultCredentialId: labKey },
    );
    expect(personalImport.status).toBe(400);
    expect(personalImport.body.error.message).toMatch(
      /^Invalid bulk import: defaultCredentialId: 'lab' is a personal credential/,
    );
    const badImport = await call('post', '/api/machines/bulk-imports', ALICE, {
      text: '10.0.0.4,web-4',
      defaultCredentialId: 'lab',
    });
    expectErrorAnswer(
      badImport,
      400,
      expect.stringContaining(
        'defaultCredentialId: must be a credential id (a UUID)',
      ),
    );
    for (const text of responses.filter(r => r.includes('"error"'))) {
      expect(text).not.toContain(labKey);
    }
    expectNoSecretsShown();
  });
});
