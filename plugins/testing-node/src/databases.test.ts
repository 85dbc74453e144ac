import { testDatabaseIds } from './databases';

describe('testDatabaseIds', () => {
  const originalEnv = process.env;

  beforeEach(() => {
    process.env = Object.fromEntries(
      Object.entries(originalEnv).filter(
        ([name]) => !name.startsWith('BACKSTAGE_TEST_DATABASE_'),
      ),
    );
  });

  afterEach(() => {
    process.env = originalEnv;
  });

  it('is SQLite alone when no server is configured', () => {
    expect(testDatabaseIds()).toEqual(['SQLITE_3']);
  });

  it('adds every configured PostgreSQL major', () => {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
      'postgresql://postgres@127.0.0.1:5432';
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING =
      'postgresql://postgres@127.0.0.1:5433';

    expect(testDatabaseIds()).toEqual([
      'SQLITE_3',
      'POSTGRES_17',
      'POSTGRES_15',
    ]);
  });

  it('ignores empty variables and majors Backstage cannot test on', () => {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING = '';
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES10_CONNECTION_STRING =
      'postgresql://postgres@127.0.0.1:5432';

    expect(testDatabaseIds()).toEqual(['SQLITE_3']);
  });
});
