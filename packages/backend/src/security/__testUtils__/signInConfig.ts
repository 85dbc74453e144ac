import { JsonObject } from '@backstage/types';

/**
 * The configuration of a backend as in production, for the sign-in: its
 * databases in SQLite files under `dir`, the opssight sign-in provider on.
 */
export function signInConfig(
  dir: string,
  appBaseUrl = 'http://localhost:3000',
): JsonObject {
  return {
    app: { baseUrl: appBaseUrl },
    backend: {
      baseUrl: 'http://localhost:7007',
      database: {
        client: 'better-sqlite3',
        connection: { directory: dir },
      },
    },
    auth: { providers: { opssight: {} } },
  };
}
