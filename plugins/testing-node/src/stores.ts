import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { testDatabaseIds } from './databases';

/**
 * The knex client of a test database (the type `TestDatabases.init` returns).
 *
 * @public
 */
export type TestKnex = Awaited<ReturnType<TestDatabases['init']>>;

/**
 * One supported database, fresh for each test. Its fields are set in a
 * `beforeEach`: read them inside tests and hooks, not while the `describe`
 * is being collected (destructuring it there gives `undefined`).
 *
 * @public
 */
export interface TestDatabase {
  /**
   * `SQLITE_3` or `POSTGRES_<major>`, for what differs between them; set
   * already while the `describe` is collected (`if` around PostgreSQL-only tests).
   */
  readonly databaseId: TestDatabaseId;
  /** An empty database of its own, no migrations run. */
  readonly knex: TestKnex;
  /** The plugin database service over `knex`; it runs the plugin's migrations. */
  readonly database: DatabaseService;
  /** Another empty database on the same server, for tests that migrate step by step. */
  emptyKnex(): Promise<TestKnex>;
}

/**
 * A store under test on one database: `store` is created anew before each
 * test, on an empty database with the plugin's migrations run.
 *
 * @public
 */
export interface TestStore<TStore> extends TestDatabase {
  readonly store: TStore;
}

/**
 * Runs `tests` once for each database in `ids` (every configured one unless
 * said, see `testDatabaseIds`), in a `describe` named `<name> on '<id>'`,
 * with a fresh database before each test.
 *
 * @public
 */
export function eachDatabase(
  name: string,
  tests: (db: TestDatabase) => void,
  options: { ids?: TestDatabaseId[] } = {},
): void {
  const databases = TestDatabases.create({
    ids: options.ids ?? testDatabaseIds(),
  });
  describe.each(databases.eachSupportedId())(`${name} on %p`, databaseId => {
    const db = {
      databaseId,
      emptyKnex: () => databases.init(databaseId),
    } as TestDatabase & { knex: TestKnex; database: DatabaseService };
    beforeEach(async () => {
      db.knex = await databases.init(databaseId);
      db.database = mockServices.database({
        knex: db.knex,
        migrations: { skip: false },
      });
    });
    tests(db);
  });
}

/**
 * `eachDatabase` for a store: `create` (a store's static `create`) makes the
 * store on each fresh, migrated database, before each test.
 *
 * @example
 * ```ts
 * storeTest('DatabaseSnippetStore', DatabaseSnippetStore.create, t => {
 *   it('lists nothing at first', async () => {
 *     expect(await t.store.list()).toEqual([]);
 *   });
 * });
 * ```
 *
 * @public
 */
export function storeTest<TStore>(
  name: string,
  create: (options: { database: DatabaseService }) => Promise<TStore>,
  tests: (t: TestStore<TStore>) => void,
  options: { ids?: TestDatabaseId[] } = {},
): void {
  eachDatabase(
    name,
    db => {
      const t = {
        get databaseId() {
          return db.databaseId;
        },
        get knex() {
          return db.knex;
        },
        get database() {
          return db.database;
        },
        emptyKnex: db.emptyKnex,
        store: undefined as unknown as TStore,
      };
      beforeEach(async () => {
        t.store = await create({ database: db.database });
      });
      tests(t);
    },
    options,
  );
}

/**
 * Runs every migration in `directory` up, all of them down and up again, as
 * after a rollback in production, expecting each of `tables` to exist after
 * each way up and none of them after the way down.
 *
 * @public
 */
export async function expectMigrationsUpDownUp(
  knex: TestKnex,
  directory: string,
  tables: string[],
) {
  const expectTables = async (exist: boolean) => {
    for (const table of tables) {
      expect([table, await knex.schema.hasTable(table)]).toEqual([
        table,
        exist,
      ]);
    }
  };
  await knex.migrate.latest({ directory });
  await expectTables(true);
  await knex.migrate.rollback({ directory }, true);
  await expectTables(false);
  await knex.migrate.latest({ directory });
  await expectTables(true);
}
