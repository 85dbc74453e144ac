#!/usr/bin/env node
// Checks that a PostgreSQL server answers and may create databases (Backstage gives
// every plugin its own database). Prints the server's major version.
//
//   node scripts/pg-probe.mjs postgresql://postgres@127.0.0.1:5432
//
// Exit 0: usable (major version on stdout); 1: no answer; 3: answers, but the
// user may not create databases.
import pg from 'pg';

const url = process.argv[2] ?? 'postgresql://postgres@127.0.0.1:5432';
const client = new pg.Client({
  connectionString: url,
  database: 'postgres',
  connectionTimeoutMillis: 3000,
});
try {
  await client.connect();
  const { rows } = await client.query(
    `select current_setting('server_version_num')::int as version,
            (select rolsuper or rolcreatedb from pg_roles where rolname = current_user) as can_create`,
  );
  console.log(Math.floor(rows[0].version / 10000));
  process.exitCode = rows[0].can_create ? 0 : 3;
} catch (e) {
  console.error(`pg-probe: ${url}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
}
