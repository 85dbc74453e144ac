import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import accessPlugin, {
  accessSessionsServiceFactory,
} from '@opssight/plugin-access-backend';
import authModuleOpsSightProvider from '@opssight/plugin-auth-backend-module-opssight-provider';
import machinesPlugin from '@opssight/plugin-machines-backend';
import { connectionResultOf } from '@opssight/plugin-machines-common';
import {
  bearerSubprotocol,
  ServerMessage,
  TERMINAL_SUBPROTOCOL,
} from '@opssight/plugin-terminal-common';
import {
  captureLogs,
  rolePermissions,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import vaultPlugin from '@opssight/plugin-vault-backend';
import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import WebSocket from 'ws';
import terminalPlugin from '@opssight/plugin-terminal-backend';
import { signInConfig } from './__testUtils__/signInConfig';

// Real sign-ins (scrypt), a real sshd and two backends on a shared 2-core machine.
jest.setTimeout(120_000);

const APP_ORIGIN = 'http://localhost:3000';
const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
const ADMIN_PASSWORD = 'velvet-harbour-42-quiet';
const ALICE_FIRST = 'amber-lantern-17-drift';
const ALICE_PASSWORD = 'copper-meadow-58-still';
/** How often terminals re-check their portal session here (the default is 30 s). */
const CHECK_INTERVAL_S = 1;
/** Every replica has the same vault key. */
const VAULT_KEY = randomBytes(32).toString('base64');

type Agent = ReturnType<typeof request.agent>;

/** A terminal as the browser holds one: what the server said, and when it closed. */
class Terminal {
  readonly messages: ServerMessage[] = [];
  output = '';
  closed: { code: number; at: number } | undefined;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) this.output += data.toString('utf8');
      else this.messages.push(JSON.parse(data.toString('utf8')));
    });
    ws.on('close', code => {
      this.closed = { code, at: Date.now() };
    });
  }

  type(keys: string) {
    this.ws.send(Buffer.from(keys), { binary: true });
  }

  async until(what: string, condition: () => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; messages ${JSON.stringify(
            this.messages,
          )}`,
        );
      }
      await new Promise(r => setTimeout(r, 50));
    }
  }
}

/**
 * One portal replica: the real sign-in (auth plugin, the opssight provider,
 * the access plugin) with real Backstage tokens, and the terminal, machines
 * and vault plugins, on a database folder that replicas can share.
 */
async function startReplica(dir: string, logs: ReturnType<typeof captureLogs>) {
  const backend = await startTestBackend({
    features: [
      authPlugin,
      authModuleOpsSightProvider,
      accessPlugin,
      accessSessionsServiceFactory,
      terminalPlugin,
      machinesPlugin,
      vaultPlugin,
      databaseServiceFactory,
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      rolePermissions({
        'user:default/admin': 'admin',
        'user:default/alice': 'operator',
      }),
      logs.factory,
      mockServices.rootConfig.factory({
        data: {
          ...signInConfig(dir, APP_ORIGIN),
          vault: { keys: [{ id: 'test', secret: VAULT_KEY }] },
          machines: { allowLoopback: true },
          terminal: { sessionCheckInterval: { seconds: CHECK_INTERVAL_S } },
        },
      }),
    ],
  });
  return backend;
}

describe('a terminal ends with the portal session it was opened from', () => {
  let sshd: TestSshd;
  let dir: string;
  let logs: ReturnType<typeof captureLogs>;
  let stops: Array<() => Promise<void>>;
  let server: Server;

  beforeAll(async () => {
    sshd = await startSshd();
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opssight-terminal-sessions-'));
    logs = captureLogs();
    stops = [];
    const backend = await startReplica(dir, logs);
    server = backend.server as unknown as Server;
    stops.push(() => backend.stop());
  });

  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Signs in on a new browser (cookie jar); resolves to it and its Backstage token. */
  async function signIn(username: string, password: string, on = server) {
    const agent = request.agent(on);
    const res = await agent
      .post('/api/auth/opssight/refresh')
      .set(XHR)
      .send({ username, password });
    expect(res.status).toBe(200);
    return { agent, token: res.body.backstageIdentity.token as string };
  }

  /** A token from the browser's session cookie (what the app does on refresh). */
  async function refresh(agent: Agent) {
    const res = await agent.get('/api/auth/opssight/refresh').set(XHR);
    expect(res.status).toBe(200);
    return res.body.backstageIdentity.token as string;
  }

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** admin (password changed) and alice, an operator, each signed in once. */
  async function people() {
    const admin = await signIn('admin', 'admin');
    const changed = await admin.agent
      .post('/api/access/me/password')
      .set(bearer(admin.token))
      .send({ currentPassword: 'admin', newPassword: ADMIN_PASSWORD });
    expect(changed.status).toBe(200);
    const adminToken = await refresh(admin.agent);
    const created = await request(server)
      .post('/api/access/users')
      .set(bearer(adminToken))
      .send({ username: 'alice', role: 'operator', password: ALICE_FIRST });
    expect(created.status).toBe(201);
    const alice = await signIn('alice', ALICE_FIRST);
    const own = await alice.agent
      .post('/api/access/me/password')
      .set(bearer(alice.token))
      .send({ currentPassword: ALICE_FIRST, newPassword: ALICE_PASSWORD });
    expect(own.status).toBe(200);
    return {
      adminToken,
      alice: { agent: alice.agent, token: await refresh(alice.agent) },
    };
  }

  /** A shared key (the admin's), and a machine for the sshd with it as default and its host key pinned. */
  async function labMachine(adminToken: string, token: string) {
    const key = await request(server)
      .post('/api/vault/credentials')
      .set(bearer(adminToken))
      .send({
        kind: 'ssh-key',
        scope: 'shared',
        name: 'lab',
        username: sshd.username,
        privateKey: sshd.clientPrivateKey,
      });
    expect(key.status).toBe(201);
    const machine = await request(server)
      .post('/api/machines/machines')
      .set(bearer(token))
      .send({
        ip: sshd.host,
        hostname: 'lab-1',
        sshPort: sshd.port,
        defaultCredentialId: key.body.id,
      });
    expect(machine.body.error?.message ?? 'created').toBe('created');
    const test = await request(server)
      .post('/api/machines/connection-tests')
      .set(bearer(token))
      .send({ machineIds: [machine.body.id] });
    expect(test.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const run = await request(server)
        .get(`/api/machines/connection-tests/${test.body.id}`)
        .set(bearer(token));
      // A connection test is a job: finished once it has an end time.
      if (run.body.job.finishedAt) {
        expect(connectionResultOf(run.body.targets[0])).toMatchObject({
          sshOk: true,
        });
        return machine.body.id as string;
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('the connection test did not finish');
  }

  /** Opens a terminal with `token` on the replica `on`, and proves it runs commands. */
  async function openTerminal(token: string, machineId: string, on = server) {
    const res = await request(on)
      .post('/api/terminal/sessions')
      .set(bearer(token))
      .send({ machineId });
    expect(res.status).toBe(201);
    const { port } = on.address() as AddressInfo;
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}${res.body.streamPath}`,
      [TERMINAL_SUBPROTOCOL, bearerSubprotocol(token)],
      { origin: APP_ORIGIN },
    );
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const terminal = new Terminal(ws);
    await terminal.until('ready', () =>
      terminal.messages.some(m => m.type === 'ready'),
    );
    terminal.type('echo "alive-$((20+22))"\r');
    await terminal.until('the shell', () =>
      terminal.output.includes('alive-42'),
    );
    return terminal;
  }

  /** The terminal closed, saying why, within `seconds` of `since` (when the request that ended the session was answered). */
  async function expectEnded(
    terminal: Terminal,
    since: number,
    seconds: number,
  ) {
    await terminal.until('the terminal to close', () => !!terminal.closed);
    expect(terminal.closed!.at - since).toBeLessThan(seconds * 1000);
    expect(terminal.closed!.code).toBe(4004);
    expect(terminal.messages.find(m => m.type === 'closed')).toEqual({
      type: 'closed',
      reason: 'session-ended',
      message: 'Your session ended; sign in again',
    });
  }

  it('closes at sign-out, and the recording says why', async () => {
    const { adminToken, alice } = await people();
    const machineId = await labMachine(adminToken, alice.token);
    const terminal = await openTerminal(alice.token, machineId);
    const id = terminal.messages.find(m => m.type === 'ready')!;

    const out = await alice.agent.post('/api/auth/opssight/logout').set(XHR);
    expect(out.status).toBe(200);
    const at = Date.now();
    await expectEnded(terminal, at, CHECK_INTERVAL_S + 3);

    // Signed in again, alice finds the recording ended for that reason.
    const again = await signIn('alice', ALICE_PASSWORD);
    const recording = await request(server)
      .get(
        `/api/terminal/recordings/${(id as { sessionId: string }).sessionId}`,
      )
      .set(bearer(again.token));
    expect(recording.body.endReason).toBe('session-ended');
  });

  it('closes when an admin disables the user', async () => {
    const { adminToken, alice } = await people();
    const machineId = await labMachine(adminToken, alice.token);
    const terminal = await openTerminal(alice.token, machineId);
    const res = await request(server)
      .post('/api/access/users/alice/disable')
      .set(bearer(adminToken));
    expect(res.status).toBe(200);
    const at = Date.now();
    await expectEnded(terminal, at, CHECK_INTERVAL_S + 3);
  });

  it('closes when the password is changed from another browser', async () => {
    const { adminToken, alice } = await people();
    const machineId = await labMachine(adminToken, alice.token);
    const terminal = await openTerminal(alice.token, machineId);
    const other = await signIn('alice', ALICE_PASSWORD);
    const res = await other.agent
      .post('/api/access/me/password')
      .set(bearer(other.token))
      .send({
        currentPassword: ALICE_PASSWORD,
        newPassword: 'silver-canyon-93-calm',
      });
    expect(res.status).toBe(200);
    const at = Date.now();
    await expectEnded(terminal, at, CHECK_INTERVAL_S + 3);
  });

  it('closes when the user is demoted to viewer', async () => {
    const { adminToken, alice } = await people();
    const machineId = await labMachine(adminToken, alice.token);
    const terminal = await openTerminal(alice.token, machineId);
    const res = await request(server)
      .put('/api/access/users/alice')
      .set(bearer(adminToken))
      .send({ displayName: 'alice', role: 'viewer' });
    expect(res.status).toBe(200);
    const at = Date.now();
    await expectEnded(terminal, at, CHECK_INTERVAL_S + 3);
  });

  it('closes on another replica, which learns it from the sessions table', async () => {
    const { adminToken, alice } = await people();
    const machineId = await labMachine(adminToken, alice.token);
    const replica = await startReplica(dir, logs);
    stops.push(() => replica.stop());
    const elsewhere = replica.server as unknown as Server;
    const terminal = await openTerminal(alice.token, machineId, elsewhere);

    const out = await alice.agent.post('/api/auth/opssight/logout').set(XHR);
    expect(out.status).toBe(200);
    const at = Date.now();
    await expectEnded(terminal, at, CHECK_INTERVAL_S + 3);
  });
  it('will not open for a session that has ended, nor while the password must be changed', async () => {
    const { adminToken, alice } = await people();
    const machineId = await labMachine(adminToken, alice.token);
    /** The upgrade's answer: 101 when it opened, else the HTTP status and message. */
    const upgrade = async (token: string) => {
      const ticket = await request(server)
        .post('/api/terminal/sessions')
        .set(bearer(token))
        .send({ machineId });
      expect(ticket.status).toBe(201);
      const { port } = server.address() as AddressInfo;
      const ws = new WebSocket(
        `ws://127.0.0.1:${port}${ticket.body.streamPath}`,
        [TERMINAL_SUBPROTOCOL, bearerSubprotocol(token)],
        { origin: APP_ORIGIN },
      );
      return new Promise<{ status: number; message?: string }>(resolve => {
        ws.once('open', () => {
          ws.close();
          resolve({ status: 101 });
        });
        ws.once('unexpected-response', (_req, response) => {
          let body = '';
          response.on('data', chunk => (body += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode!,
              message: JSON.parse(body).error.message,
            }),
          );
        });
      });
    };

    // Signed out: the token is still good for its hour, the session is not.
    const out = await alice.agent.post('/api/auth/opssight/logout').set(XHR);
    expect(out.status).toBe(200);
    expect(await upgrade(alice.token)).toEqual({
      status: 401,
      message: 'Your session has ended; sign in again',
    });

    // After an admin's reset, alice must choose a password before anything else.
    const reset = await request(server)
      .post('/api/access/users/alice/reset-password')
      .set(bearer(adminToken))
      .send({ password: 'silver-canyon-93-reset' });
    expect(reset.status).toBe(200);
    const again = await signIn('alice', 'silver-canyon-93-reset');
    expect(await upgrade(again.token)).toEqual({
      status: 403,
      message: 'password change required',
    });
  });
});
