/*
 * The root session guard against the real sessions service: the access
 * plugin and accessSessionsServiceFactory in a backend on each test database,
 * the guard in front of an app that says what it reached. The clock is the
 * process's Date, moved by the test.
 */
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AccessSessionsService,
  SESSION_CLAIM,
  SESSION_COOKIE,
} from '@opssight/plugin-access-node';
import { createSessionGuard } from '@opssight/plugin-auth-backend-module-opssight-provider';
import {
  expectErrorAnswer,
  testDatabaseIds,
} from '@opssight/plugin-testing-node';
import express from 'express';
import request from 'supertest';
import {
  startAccessBackend,
  testDatabaseConfig,
} from './__testUtils__/accessBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const T0 = new Date('2026-01-01T08:00:00.000Z').getTime();
const PASSWORD = 'velvet-harbour-42-quiet';
const ADMIN = mockCredentials.user.header('user:default/admin');

/** A token as the provider issues it; the guard reads claims, plugins verify signatures. */
function tokenFor(claims: object) {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'ES256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe.each(databases.eachSupportedId())(
  'session guard on %p',
  databaseId => {
    let clock: number;
    let sessions: AccessSessionsService;
    let accessApi: () => ReturnType<typeof request>;
    let stop: () => Promise<void>;
    let app: express.Express;
    /** Each user's password now. */
    let passwords: Record<string, string>;
    const advanceMinutes = (minutes: number) => {
      clock += minutes * 60_000;
      jest.setSystemTime(clock);
    };

    beforeEach(async () => {
      const database = testDatabaseConfig(databaseId);
      const started = await startAccessBackend({
        database: database.database,
        config: {
          opssight: {
            sessions: { idleTimeoutMinutes: 30, maxLifetimeHours: 12 },
          },
        },
      });
      sessions = started.sessions;
      const server = started.backend.server;
      accessApi = () => request(server);
      stop = async () => {
        await started.backend.stop();
        await database.drop();
      };
      passwords = { admin: 'admin' };
      // Only Date is faked: the backend's own timers run as usual.
      clock = T0;
      jest.useFakeTimers({
        now: clock,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      const middleware = MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      });
      app = express();
      app.use(createSessionGuard(sessions));
      app.use((req, res) => res.json({ reached: `${req.method} ${req.path}` }));
      app.use(middleware.error());
    });

    afterEach(async () => {
      jest.useRealTimers();
      await stop();
    });

    async function signIn(username: string) {
      const result = await sessions.signIn({
        username,
        password: passwords[username],
      });
      if (!result.ok) {
        throw new Error(`${username} could not sign in: ${result.error}`);
      }
      const session = result.ok.session;
      return {
        ...session,
        auth: tokenFor({
          sub: `user:default/${username}`,
          [SESSION_CLAIM]: session.handle,
        }),
      };
    }

    /** The user's own password change, from the session with `sessionId` when given. */
    async function changePassword(
      username: string,
      newPassword: string,
      sessionId?: string,
    ) {
      let req = accessApi()
        .post('/api/access/me/password')
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${username}`),
        );
      if (sessionId) {
        req = req.set('Cookie', `${SESSION_COOKIE}=${sessionId}`);
      }
      const res = await req.send({
        currentPassword: passwords[username],
        newPassword,
      });
      expect(res.status).toBe(200);
      passwords[username] = newPassword;
    }

    async function createOperator() {
      const created = await accessApi()
        .post('/api/access/users')
        .set('Authorization', ADMIN)
        .send({
          username: 'olga',
          displayName: 'Olga',
          role: 'operator',
          password: PASSWORD,
        });
      expect(created.status).toBe(201);
      passwords.olga = PASSWORD;
      // Created by an admin: olga must change the initial password before anything else.
      await changePassword('olga', `${PASSWORD}-2`);
    }

    it('lets requests without a local session token through untouched', async () => {
      for (const auth of [
        undefined,
        'Bearer not-a-jwt',
        tokenFor({ sub: 'user:default/gh-user' }),
        'Basic Zm9vOmJhcg==',
      ]) {
        const req = request(app).get('/api/catalog/entities');
        const res = await (auth ? req.set('Authorization', auth) : req);
        expect([auth, res.status]).toEqual([auth, 200]);
      }
    });

    it('refuses everything but the password change while it is required (403 "password change required")', async () => {
      // The initial admin of a fresh install.
      const { auth, sessionId } = await signIn('admin');
      for (const [method, path] of [
        ['get', '/api/catalog/entities'],
        ['get', '/api/machines/machines'],
        ['post', '/api/vault/credentials'],
        ['get', '/api/access/users'],
        ['post', '/api/access/me'],
        ['get', '/api/access/me/password'],
        ['get', '/api/permission/authorize'],
      ] as const) {
        const res = await request(app)[method](path).set('Authorization', auth);
        expect([method, path, res.status, res.body.error?.message]).toEqual([
          method,
          path,
          403,
          'password change required',
        ]);
      }
      expect(
        (await request(app).get('/api/access/me').set('Authorization', auth))
          .status,
      ).toBe(200);
      expect(
        (
          await request(app)
            .post('/api/access/me/password')
            .set('Authorization', auth)
        ).body,
      ).toEqual({
        reached: 'POST /api/access/me/password',
      });

      await changePassword('admin', PASSWORD, sessionId);
      // The same session, now free: the lock follows the account, not the token.
      expect(
        (
          await request(app)
            .get('/api/catalog/entities')
            .set('Authorization', auth)
        ).status,
      ).toBe(200);
    });

    it('ends with sign-out: the token stops working at once, whatever its own expiry', async () => {
      await createOperator();
      const { sessionId, auth } = await signIn('olga');
      expect(
        (
          await request(app)
            .get('/api/machines/machines')
            .set('Authorization', auth)
        ).status,
      ).toBe(200);
      await sessions.endSession(sessionId);
      const res = await request(app)
        .get('/api/machines/machines')
        .set('Authorization', auth);
      expectErrorAnswer(res, 401, 'Your session has ended; sign in again');
    });

    it('ends other sessions on a password change and keeps the one it was made from', async () => {
      await createOperator();
      const here = await signIn('olga');
      const elsewhere = await signIn('olga');
      await changePassword('olga', `${PASSWORD}-3`, here.sessionId);
      expect(
        (await request(app).get('/api/x').set('Authorization', here.auth))
          .status,
      ).toBe(200);
      expect(
        (await request(app).get('/api/x').set('Authorization', elsewhere.auth))
          .status,
      ).toBe(401);
    });

    it('ends idle sessions after the idle timeout; use keeps them alive', async () => {
      await createOperator();
      const { auth } = await signIn('olga');
      advanceMinutes(29);
      expect(
        (await request(app).get('/api/x').set('Authorization', auth)).status,
      ).toBe(200);
      advanceMinutes(29); // 58 min after sign-in, 29 after the last use
      expect(
        (await request(app).get('/api/x').set('Authorization', auth)).status,
      ).toBe(200);
      advanceMinutes(31);
      expect(
        (await request(app).get('/api/x').set('Authorization', auth)).status,
      ).toBe(401);
    });

    it('ends sessions at the absolute lifetime even when used all along', async () => {
      await createOperator();
      const { auth } = await signIn('olga');
      for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
        advanceMinutes(20);
        expect([
          minutes,
          (await request(app).get('/api/x').set('Authorization', auth)).status,
        ]).toEqual([minutes, 200]);
      }
      advanceMinutes(20);
      expect(
        (await request(app).get('/api/x').set('Authorization', auth)).status,
      ).toBe(401);
    });

    it('ends the sessions of a disabled user and refuses a made-up session handle', async () => {
      await createOperator();
      const { auth } = await signIn('olga');
      expect(
        (
          await accessApi()
            .post('/api/access/users/olga/disable')
            .set('Authorization', ADMIN)
        ).status,
      ).toBe(200);
      expect(
        (await request(app).get('/api/x').set('Authorization', auth)).status,
      ).toBe(401);
      for (const handle of ['0'.repeat(64), 'x', 42]) {
        const res = await request(app)
          .get('/api/x')
          .set(
            'Authorization',
            tokenFor({ sub: 'user:default/olga', [SESSION_CLAIM]: handle }),
          );
        expect([handle, res.status]).toEqual([handle, 401]);
      }
    });
  },
);
