import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * A store's static `create({ database })`: the plugin's knex client, with the
 * package's migrations (its `migrations` folder) run first, unless the
 * database service or the caller says to skip them. Every store of a package
 * runs all of them: they share one knex migrations table.
 *
 * ```ts
 * static create = migratedStore('@opssight/plugin-x-backend', db => new DatabaseXStore(db));
 * ```
 */
export function migratedStore<S>(
  packageName: string,
  open: (db: Knex) => S,
): (options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}) => Promise<S> {
  const directory = resolvePackagePath(packageName, 'migrations');
  return async ({ database, skipMigrations }) => {
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory });
    }
    return open(client);
  };
}
