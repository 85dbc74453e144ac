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

/** One page of a list: the rows asked for and how many match in all. */
export interface RowPage<Row> {
  rows: Row[];
  totalCount: number;
}

/**
 * One page of the rows `query` matches, in `orderBy` order, with the count of
 * all it matches (the `{ items, totalCount }` of every list the APIs answer).
 */
export async function pageOfRows<Row>(
  query: Knex.QueryBuilder,
  page: {
    orderBy: Array<{ column: string; order: 'asc' | 'desc' }>;
    limit: number;
    offset: number;
    /** The columns to read; `*` unless said. */
    select?: string;
  },
): Promise<RowPage<Row>> {
  const [{ count }] = await query.clone().count({ count: '*' });
  const rows: Row[] = await query
    .clone()
    .select(page.select ?? '*')
    .orderBy(page.orderBy)
    .limit(page.limit)
    .offset(page.offset);
  return { rows, totalCount: Number(count) };
}

/**
 * Whether a write failed on a unique index (or primary key), on PostgreSQL
 * or SQLite: another request took the name or the id first. Stores answer it
 * as a 409 naming the field.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
