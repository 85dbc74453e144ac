/*
 * One pool on the access database for the whole backend: the sessions
 * service (sign-in, the root session guard) and the access plugin's users
 * share it. Counted two ways on PostgreSQL, after a sign-in, a guarded
 * request and a password change have used every path that ever opened one:
 * the knex pools created for the access database, and the connections
 * PostgreSQL sees to it.
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import accessPlugin, {
  accessSessionsServiceFactory,
} from '@opssight/plugin-access-backend';
import authModuleOpsSightProvider, {
  rootHttpRouterWithSessionGuard,
} from '@opssight/plugin-auth-backend-module-opssight-provider';
import { freePort, testDatabaseIds } from '@opssight/plugin-testing-node';
import request from 'supertest';
import { testDatabaseConfig } from './__testUtils__/accessBackend';

jest.setTimeout(60_000);

/** The database of every knex instance created in this test file, in order. */
const mockKnexDatabases: Array<string | undefined> = [];

jest.mock('knex', () => {
  const actual = jest.requireActual('knex');
  const knex = (config: { connection?: unknown }) => {
    const connection = config.connection as
      | { database?: string }
      | string
      | undefined;
    mockKnexDatabases.push(
      typeof connection === 'string'
        ? new URL(connection).pathname.slice(1)
        : connection?.database,
    );
    return actual(config);
  };
  return Object.assign(knex, actual, { default: knex, knex });
});

const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
const postgres = testDatabaseIds().filter(id => id !== 'SQLITE_3');

describe('the access database', () => {
  if (postgres.length === 0) {
    it.todo(
      'is counted on PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  }

  it.each(postgres as TestDatabaseId[])(
    'has one pool for sign-in, the session guard and the access plugin on %p',
    async databaseId => {
      const database = testDatabaseConfig(databaseId);
      const accessDatabase = database.databaseOf('access')!;
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // The production wiring (createBackend's services: every plugin's own
      // database as configured, so a plugin or its scheduler opening the
      // access database again would show here) with the sign-in of index.ts.
      const backend = createBackend();
      backend.add(
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              baseUrl: url,
              listen: { host: '127.0.0.1', port },
              database: database.database,
            },
            auth: { providers: { opssight: {} } },
          },
        }),
      );
      backend.add(mockServices.rootLogger.factory());
      backend.add(accessSessionsServiceFactory);
      backend.add(rootHttpRouterWithSessionGuard);
      backend.add(authPlugin);
      backend.add(authModuleOpsSightProvider);
      backend.add(accessPlugin);
      await backend.start();
      try {
        const agent = request.agent(url);
        const signedIn = await agent
          .post('/api/auth/opssight/refresh')
          .set(XHR)
          .send({ username: 'admin', password: 'admin' });
        expect(signedIn.status).toBe(200);
        const bearer = `Bearer ${signedIn.body.backstageIdentity.token}`;
        // Through the session guard, to the access plugin's users.
        const me = await agent
          .get('/api/access/me')
          .set('Authorization', bearer);
        expect(me.status).toBe(200);
        const changed = await agent
          .post('/api/access/me/password')
          .set('Authorization', bearer)
          .send({
            currentPassword: 'admin',
            newPassword: 'velvet-harbour-42-quiet',
          });
        expect(changed.status).toBe(200);
        const refreshed = await agent
          .get('/api/auth/opssight/refresh')
          .set(XHR);
        expect(refreshed.status).toBe(200);
        const users = await agent
          .get('/api/access/users')
          .set(
            'Authorization',
            `Bearer ${refreshed.body.backstageIdentity.token}`,
          );
        expect(users.status).toBe(200);

        const pools = mockKnexDatabases.filter(name => name === accessDatabase);
        const { rows } = await database
          .admin()!
          .raw(
            'select count(*)::int as connections from pg_stat_activity where datname = ?',
            [accessDatabase],
          );
        const connections = rows[0].connections as number;
        // eslint-disable-next-line no-console
        console.log(
          `access database ${accessDatabase}: ${pools.length} pool(s), ${connections} connection(s)`,
        );
        expect(pools).toHaveLength(1);
        // This traffic needs two connections of one pool at most (two queries
        // at once); a second pool brings its own (3 when one was added back).
        expect(connections).toBeGreaterThanOrEqual(1);
        expect(connections).toBeLessThanOrEqual(2);
      } finally {
        await backend.stop();
        await database.drop();
      }
    },
  );
});
