import { expectErrorAnswer } from '@opssight/plugin-testing-node';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import accessPlugin, {
  accessSessionsServiceFactory,
} from '@opssight/plugin-access-backend';
import { SESSION_CLAIM } from '@opssight/plugin-access-node';
import authModuleOpsSightProvider from '@opssight/plugin-auth-backend-module-opssight-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { signInConfig } from './__testUtils__/signInConfig';

jest.setTimeout(60_000);

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
const NEW_PASSWORD = 'velvet-harbour-42-quiet';

type AuditRecord = {
  eventId: string;
  outcome: string;
  meta: any;
  error?: string;
};

function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('the opssight sign-in provider', () => {
  let dir: string;
  let audit: AuditRecord[];
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opssight-signin-'));
    audit = [];
    backend = await startTestBackend({
      features: [
        authPlugin,
        authModuleOpsSightProvider,
        accessPlugin,
        accessSessionsServiceFactory,
        // The configured database (a SQLite folder), as in production.
        databaseServiceFactory,
        mockServices.rootConfig.factory({
          data: signInConfig(dir),
        }),
        mockServices.auditor.mock({
          createEvent: async ({ eventId, meta }) => ({
            success: async (o?: { meta?: object }) =>
              void audit.push({
                eventId,
                outcome: 'succeeded',
                meta: { ...meta, ...o?.meta },
              }),
            fail: async ({ error, meta: extra }) =>
              void audit.push({
                eventId,
                outcome: 'failed',
                meta: { ...meta, ...extra },
                error: error.message,
              }),
          }),
        }).factory,
      ],
    });
  });

  afterEach(async () => {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A sign-in from another client address (any of 127.0.0.0/8 is this host's). */
  const signInFrom = (
    address: string,
    body: object,
  ): Promise<{ status: number; body: any; headers: IncomingHttpHeaders }> => {
    const { port } = backend.server.address() as { port: number };
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: address,
          method: 'POST',
          path: '/api/auth/opssight/refresh',
          headers: { ...XHR, 'Content-Type': 'application/json' },
        },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              body: text ? JSON.parse(text) : undefined,
              headers: res.headers,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };

  /** A sign-in, by `agent` (which keeps the cookie) or by a one-off request. */
  const signIn = (
    agent: ReturnType<typeof request.agent> | undefined,
    body: object,
  ) =>
    (agent ?? request(backend.server))
      .post('/api/auth/opssight/refresh')
      .set(XHR)
      .send(body);

  it('signs admin/admin in to a session that can only change its password', async () => {
    const agent = request.agent(backend.server);
    const res = await signIn(agent, { username: 'admin', password: 'admin' });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(
      /^opssight-session=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Lax$/,
    );
    expect(res.body.providerInfo).toEqual({
      mustChangePassword: true,
      expiresAt: expect.any(String),
    });
    const token = res.body.backstageIdentity.token;
    const claims = claimsOf(token);
    expect(claims.sub).toBe('user:default/admin');
    // No role group until the password is changed.
    expect(res.body.backstageIdentity.identity.ownershipEntityRefs).toEqual([
      'user:default/admin',
    ]);
    expect(claims[SESSION_CLAIM]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(res.body)).not.toContain(
      cookie.split(';')[0].split('=')[1],
    );
    expect(audit).toEqual([
      {
        eventId: 'sign-in',
        outcome: 'succeeded',
        meta: {
          provider: 'opssight',
          username: 'admin',
          target: 'user:default/admin',
          mustChangePassword: true,
        },
      },
    ]);

    // The change, made from this session (the cookie), keeps it and frees it.
    const change = await agent
      .post('/api/access/me/password')
      .set('Authorization', mockCredentials.user.header('user:default/admin'))
      .send({ currentPassword: 'admin', newPassword: NEW_PASSWORD });
    expect(change.status).toBe(200);
    const refreshed = await agent.get('/api/auth/opssight/refresh').set(XHR);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.providerInfo.mustChangePassword).toBe(false);
    expect(
      refreshed.body.backstageIdentity.identity.ownershipEntityRefs,
    ).toEqual(['user:default/admin', 'group:default/opssight-admins']);
  });

  it('gives one answer for a wrong password and an unknown user, and audits both', async () => {
    const wrong = await signIn(undefined, {
      username: 'admin',
      password: 'nope',
    });
    const unknown = await signIn(undefined, {
      username: 'nobody',
      password: 'nope',
    });
    for (const res of [wrong, unknown]) {
      expectErrorAnswer(res, 401, 'Invalid username or password');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(
      audit.map(e => [e.eventId, e.outcome, e.meta.username, e.meta.reason]),
    ).toEqual([
      ['sign-in', 'failed', 'admin', 'invalid'],
      [
        'sign-in',
        'failed',
        expect.stringMatching(/^unknown:[0-9a-f]{8}$/),
        'invalid',
      ],
    ]);
    expect(JSON.stringify(audit)).not.toContain('nope');
    expect(JSON.stringify(audit)).not.toContain('nobody');
  });

  it('keeps a username in the trail only when it names an account, never a password typed into it', async () => {
    for (const username of [
      'velvet-harbour-42-quiet',
      'My Secret Pw!',
      'ADMIN ',
    ]) {
      await signIn(undefined, { username, password: 'nope' });
    }
    const names = audit.map(e => e.meta.username);
    expect(names).toEqual([
      expect.stringMatching(/^unknown:[0-9a-f]{8}$/),
      expect.stringMatching(/^unknown:[0-9a-f]{8}$/),
      'admin',
    ]);
    // The same mistyped name gets the same tag, so repeated attempts can be told apart.
    await signIn(undefined, {
      username: 'velvet-harbour-42-quiet',
      password: 'x',
    });
    expect(audit[3].meta.username).toBe(names[0]);
    const trail = JSON.stringify(audit);
    expect(trail).not.toContain('velvet');
    expect(trail).not.toMatch(/secret/i);
  });

  it('answers a disabled account exactly like a wrong password, in about the same time', async () => {
    const admin = mockCredentials.user.header('user:default/admin');
    const alice = 'copper-meadow-58-west';
    expect(
      (
        await request(backend.server)
          .post('/api/access/users')
          .set('Authorization', admin)
          .send({ username: 'alice', role: 'operator', password: alice })
      ).status,
    ).toBe(201);
    await request(backend.server)
      .post('/api/access/users/alice/disable')
      .set('Authorization', admin)
      .expect(200);
    const timed = async (password: string, address: string) => {
      const started = performance.now();
      const res = await signInFrom(address, { username: 'alice', password });
      return { res, ms: performance.now() - started };
    };
    const right = [];
    const wrong = [];
    for (let i = 0; i < 2; i++) {
      wrong.push(await timed('not-her-password', `127.0.1.${i + 1}`));
      right.push(await timed(alice, `127.0.2.${i + 1}`));
    }
    for (const { res } of [...right, ...wrong]) {
      expect(res.status).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).toEqual(wrong[0].res.body);
    }
    expect(right[0].res.body.error.message).toBe(
      'Invalid username or password',
    );
    // One scrypt and the same writes either way: no more than noise between them.
    const mean = (xs: { ms: number }[]) =>
      xs.reduce((sum, x) => sum + x.ms, 0) / xs.length;
    expect(Math.abs(mean(right) - mean(wrong))).toBeLessThan(
      Math.max(150, mean(wrong)),
    );
    // The trail still says why.
    expect(
      audit.filter(e => e.eventId === 'sign-in').map(e => e.meta.reason),
    ).toEqual(['invalid', 'disabled', 'invalid', 'disabled']);
  });

  it('never lets a guesser lock the owner out: addresses are locked, the account is only slowed down', async () => {
    const attack = (address: string) =>
      signInFrom(address, { username: 'admin', password: 'guess' });
    // What a sign-in costs here without any throttling, for comparison.
    const quiet = performance.now();
    expect(
      (await signInFrom('127.0.5.10', { username: 'admin', password: 'admin' }))
        .status,
    ).toBe(200);
    const baselineMs = performance.now() - quiet;

    const statuses = [];
    for (let i = 0; i < 20; i++) {
      statuses.push((await attack('127.0.3.9')).status);
    }
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    // The same account from many addresses: every guess is answered, slowed down.
    const spread = await Promise.all(
      Array.from({ length: 15 }, (_, i) => attack(`127.0.4.${i + 1}`)),
    );
    expect(spread.map(r => r.status)).toEqual(Array(15).fill(401));

    const started = performance.now();
    const owner = await signInFrom('127.0.5.10', {
      username: 'admin',
      password: 'admin',
    });
    const ms = performance.now() - started;
    expect(owner.status).toBe(200);
    // At most the account's delay (2 s) on top of one sign-in (and some noise of a busy machine).
    expect(ms - baselineMs).toBeLessThan(2000 + Math.max(1000, baselineMs));
    // The guesser's own address stays locked, even with the right password.
    const locked = await signInFrom('127.0.3.9', {
      username: 'admin',
      password: 'admin',
    });
    expect(locked.status).toBe(429);
  });

  it('throttles after 5 failures from one address with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await signIn(undefined, { username: 'admin', password: `wrong-${i}` }))
          .status,
      ).toBe(401);
    }
    const res = await signIn(undefined, {
      username: 'admin',
      password: 'admin',
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error.message).toMatch(
      /^Too many failed sign-ins; try again in \d+ seconds$/,
    );
  });

  it('names the field of a malformed sign-in and refuses requests without the XHR header', async () => {
    const missing = await signIn(undefined, { username: 'admin' });
    expectErrorAnswer(
      missing,
      400,
      'password: Invalid input: expected string, received undefined',
    );
    const noXhr = await request(backend.server)
      .post('/api/auth/opssight/refresh')
      .send({ username: 'admin', password: 'admin' });
    expect(noXhr.status).toBe(401);
    expect(noXhr.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a refresh without the XHR header, so another site cannot load it with the cookie', async () => {
    const agent = request.agent(backend.server);
    await signIn(agent, { username: 'admin', password: 'admin' });
    const bare = await agent.get('/api/auth/opssight/refresh');
    expectErrorAnswer(
      bare,
      401,
      "Sign-in requests must carry 'X-Requested-With: XMLHttpRequest'",
    );
    expect(JSON.stringify(bare.body)).not.toContain('token');
    // The session itself is untouched.
    expect(
      (await agent.get('/api/auth/opssight/refresh').set(XHR)).status,
    ).toBe(200);
  });

  it('resumes a session from its cookie, and sign-out ends it for good', async () => {
    expect(
      (await request(backend.server).get('/api/auth/opssight/refresh').set(XHR))
        .body.error.message,
    ).toBe('Not signed in');
    const agent = request.agent(backend.server);
    const signedIn = await signIn(agent, {
      username: 'admin',
      password: 'admin',
    });
    // A copy of the cookie, as a second tab or a stolen copy would have it.
    const copy = String(signedIn.headers['set-cookie']).split(';')[0];
    const resumed = await agent.get('/api/auth/opssight/refresh').set(XHR);
    expect(resumed.status).toBe(200);
    expect(resumed.body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/admin',
    );

    expect(
      (
        await request(backend.server)
          .get('/api/auth/opssight/refresh')
          .set(XHR)
          .set('Cookie', copy)
      ).status,
    ).toBe(200);
    const logout = await agent.post('/api/auth/opssight/logout').set(XHR);
    expect(logout.status).toBe(200);
    expect(String(logout.headers['set-cookie'])).toMatch(
      /^opssight-session=; Path=\/api; Expires=Thu, 01 Jan 1970/,
    );
    const replay = await request(backend.server)
      .get('/api/auth/opssight/refresh')
      .set(XHR)
      .set('Cookie', copy);
    expect(replay.status).toBe(401);
    expect(audit.map(e => [e.eventId, e.outcome, e.meta.target])).toEqual([
      ['sign-in', 'succeeded', 'user:default/admin'],
      ['sign-out', 'succeeded', 'user:default/admin'],
    ]);
  });

  it('ends the other sessions when the password is changed', async () => {
    const here = request.agent(backend.server);
    const there = request.agent(backend.server);
    await signIn(here, { username: 'admin', password: 'admin' });
    await signIn(there, { username: 'admin', password: 'admin' });
    await here
      .post('/api/access/me/password')
      .set('Authorization', mockCredentials.user.header('user:default/admin'))
      .send({ currentPassword: 'admin', newPassword: NEW_PASSWORD });
    expect((await here.get('/api/auth/opssight/refresh').set(XHR)).status).toBe(
      200,
    );
    const ended = await there.get('/api/auth/opssight/refresh').set(XHR);
    expectErrorAnswer(ended, 401, 'Your session has ended; sign in again');
  });
});
