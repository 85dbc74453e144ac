import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Role } from '@opssight/plugin-access-common';
import { ConnectionTestRun, Machine } from '@opssight/plugin-machines-common';
import {
  auditEvents,
  captureLogs,
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
import machinesPlugin from '../index';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const VIC = 'user:default/vic';
const ROLES: Record<string, Role> = {
  [ALICE]: 'operator',
  [BOB]: 'operator',
  [VIC]: 'viewer',
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
    method: 'get' | 'post' | 'put',
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
  ): Promise<ConnectionTestRun> {
    const started = await call(
      'post',
      '/api/machines/connection-tests',
      user,
      body,
    );
    expect(started.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const run = await call(
        'get',
        `/api/machines/connection-tests/${started.body.id}`,
        user,
      );
      if (run.body.status === 'completed') return run.body;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('connection test did not finish');
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

  it("logs in with each machine's default credential, or the one picked for the test", async () => {
    const { labKey, stranger } = await aliceKeys();
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

  it('refuses, before any run starts, a credential the caller may not use or that does not exist', async () => {
    const { labKey } = await aliceKeys();
    const token = await credential(ALICE, {
      kind: 'api-token',
      name: 'registry',
      token: 'registry-token-123',
    });
    const lab = await machine({
      ip: sshd.host,
      hostname: 'lab',
      sshPort: sshd.port,
      defaultCredentialId: labKey,
    });

    const start = (user: string, body: object) =>
      call('post', '/api/machines/connection-tests', user, body);

    // Alice's personal key is hers alone, as a machine's default or picked.
    const byDefault = await start(BOB, { machineIds: [lab.id] });
    expect(byDefault.status).toBe(403);
    expect(byDefault.body.error.message).toBe(
      `defaultCredentialId of lab: The vault refused credential '${labKey}': Not allowed to use credential '${labKey}': it is another user's personal credential; pick a credentialId for the test, or null to test without logging in`,
    );
    const picked = await start(BOB, { all: true, credentialId: labKey });
    expect(picked.status).toBe(403);
    expect(picked.body.error.message).toBe(
      `credentialId: The vault refused credential '${labKey}': Not allowed to use credential '${labKey}': it is another user's personal credential`,
    );

    const unknown = await start(ALICE, { all: true, credentialId: UNKNOWN_ID });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      `credentialId: no credential with id '${UNKNOWN_ID}' in the vault`,
    );
    const malformed = await start(ALICE, { all: true, credentialId: 'lab' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain(
      'credentialId: must be a credential id (a UUID)',
    );
    const apiToken = await start(ALICE, { all: true, credentialId: token });
    expect(apiToken.status).toBe(400);
    expect(apiToken.body.error.message).toBe(
      `credentialId: credential '${token}' is an API token; a connection test logs in with an SSH key or a password`,
    );

    // A viewer may not run tests at all.
    const viewer = await start(VIC, { all: true });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toBe(
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
    expect(service.status).toBe(403);
    expect(service.body.error.message).toBe(
      `defaultCredentialId of lab: Credentials are checked out on behalf of a user; these credentials are not a user; pick a credentialId for the test, or null to test without logging in`,
    );
    const handshakeOnly = await asService({ all: true, credentialId: null });
    expect(handshakeOnly.status).toBe(202);
    expect(handshakeOnly.body.total).toBe(1);

    // A default that went missing names the machines that have it.
    await call('put', `/api/machines/machines/${lab.id}`, ALICE, {
      ip: sshd.host,
      hostname: 'lab',
      sshPort: sshd.port,
      defaultCredentialId: UNKNOWN_ID,
    });
    const gone = await start(ALICE, { all: true });
    expect(gone.status).toBe(400);
    expect(gone.body.error.message).toBe(
      `defaultCredentialId of lab: no credential with id '${UNKNOWN_ID}' in the vault; pick a credentialId for the test, or null to test without logging in`,
    );

    // None of the refused requests started a run.
    expect(
      auditEvents(logs)
        .filter(e => e.eventId === 'machine-connection-test')
        .map(e => e.status),
    ).toEqual([
      ...Array(5).fill(['initiated', 'failed']).flat(),
      'initiated',
      'succeeded', // the service's handshake-only test
      'initiated',
      'failed',
    ]);
    expectNoSecretsShown();
  });

  it('validates the default credential of machines and bulk imports', async () => {
    const bad = await call('post', '/api/machines/machines', ALICE, {
      ip: '10.0.0.1',
      hostname: 'web-1',
      defaultCredentialId: 'lab',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid machine: defaultCredentialId: must be a credential id (a UUID)',
    );

    const imported = await call('post', '/api/machines/bulk-imports', ALICE, {
      text: '10.0.0.2,web-2\n10.0.0.3,web-3',
      defaultCredentialId: UNKNOWN_ID,
    });
    expect(imported.status).toBe(200);
    expect(
      imported.body.created.map((m: Machine) => m.defaultCredentialId),
    ).toEqual([UNKNOWN_ID, UNKNOWN_ID]);
    const badImport = await call('post', '/api/machines/bulk-imports', ALICE, {
      text: '10.0.0.4,web-4',
      defaultCredentialId: 'lab',
    });
    expect(badImport.status).toBe(400);
    expect(badImport.body.error.message).toContain(
      'defaultCredentialId: must be a credential id (a UUID)',
    );
    expectNoSecretsShown();
  });
});
