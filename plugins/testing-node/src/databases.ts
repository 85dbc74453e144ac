import { TestDatabaseId } from '@backstage/backend-test-utils';

// The PostgreSQL ids that @backstage/backend-test-utils knows; it exports only
// the union type, so the runtime list is spelled out here.
const POSTGRES_IDS: readonly TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
  'POSTGRES_12',
  'POSTGRES_11',
  'POSTGRES_9',
];

/**
 * The databases that store tests should run on: SQLite always, plus every
 * PostgreSQL server named by a
 * `BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING` environment
 * variable. Pass the result to `TestDatabases.create({ ids })`.
 *
 * @public
 */
export function testDatabaseIds(): TestDatabaseId[] {
  const configured = POSTGRES_IDS.filter(id => {
    const variable = `BACKSTAGE_TEST_DATABASE_${id.replace(
      '_',
      '',
    )}_CONNECTION_STRING`;
    return Boolean(process.env[variable]);
  });
  return ['SQLITE_3', ...configured];
}

/**
 * The values of a database row as text, to look for a secret in: strings as
 * they are, binary as UTF-8 and as Latin-1, anything else as JSON.
 *
 * @public
 */
export function rowValuesAsText(row: Record<string, unknown>): string[] {
  return Object.values(row).flatMap(value =>
    Buffer.isBuffer(value)
      ? [value.toString('utf8'), value.toString('latin1')]
      : [typeof value === 'string' ? value : JSON.stringify(value) ?? ''],
  );
}
