import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import accessPlugin, {
  accessSessionsServiceFactory,
} from '@opssight/plugin-access-backend';
import {
  AccessSessionsService,
  accessSessionsServiceRef,
} from '@opssight/plugin-access-node';
import { serviceProbe } from '@opssight/plugin-testing-node';
import knexFactory from 'knex';
import { randomBytes } from 'node:crypto';

/**
 * `backend.database` for a test on `databaseId`, as an operator would write
 * it: in-memory SQLite, or the PostgreSQL server of
 * `BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING` with a prefix of
 * its own (`drop()` removes the databases made under it).
 */
export function testDatabaseConfig(databaseId: TestDatabaseId): {
  database: JsonObject;
  /** The PostgreSQL database a plugin gets (undefined on SQLite). */
  databaseOf(pluginId: string): string | undefined;
  /** A connection to the server, for looking at it from outside the backend. */
  admin(): ReturnType<typeof knexFactory> | undefined;
  drop(): Promise<void>;
} {
  if (databaseId === 'SQLITE_3') {
    return {
      database: { client: 'better-sqlite3', connection: ':memory:' },
      databaseOf: () => undefined,
      admin: () => undefined,
      drop: async () => {},
    };
  }
  const variable = `BACKSTAGE_TEST_DATABASE_${databaseId.replace(
    '_',
    '',
  )}_CONNECTION_STRING`;
  const connection = process.env[variable];
  if (!connection) {
    throw new Error(`${variable} is not set`);
  }
  const prefix = `opssight_test_${randomBytes(4).toString('hex')}_`;
  let admin: ReturnType<typeof knexFactory> | undefined;
  const getAdmin = () =>
    (admin ??= knexFactory({
      client: 'pg',
      connection,
      pool: { min: 0, max: 1 },
    }));
  return {
    database: { client: 'pg', connection, prefix },
    databaseOf: pluginId => `${prefix}${pluginId}`,
    admin: getAdmin,
    async drop() {
      const db = getAdmin();
      const { rows } = await db.raw(
        'select datname from pg_database where datname like ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows as { datname: string }[]) {
        await db.raw('drop database if exists ?? with (force)', [datname]);
      }
      await db.destroy();
    },
  };
}

/**
 * The access plugin and its sessions service on `database`, plus `features`;
 * resolves to the backend and the sessions service every plugin shares.
 */
export async function startAccessBackend(options: {
  database: JsonObject;
  config?: JsonObject;
  features?: BackendFeature[];
}) {
  let sessions: AccessSessionsService | undefined;
  const backend = await startTestBackend({
    features: [
      accessPlugin,
      accessSessionsServiceFactory,
      // The configured database, not the test backend's in-memory one.
      databaseServiceFactory,
      // What the sign-in provider and the guard are given.
      serviceProbe('access', accessSessionsServiceRef, service => {
        sessions = service;
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: options.database,
          },
          ...options.config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return { backend, sessions: sessions! };
}
