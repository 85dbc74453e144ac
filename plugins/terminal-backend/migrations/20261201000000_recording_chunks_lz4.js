// @ts-check

/**
 * PostgreSQL compresses large text values as it stores them; with its default
 * method (pglz) a busy terminal's recording costs the server several times
 * the CPU it does with lz4, and sessions wait for it. lz4 is used where the
 * server has it (PostgreSQL 14 and later, built with lz4, as the common
 * packages are); rows already stored keep theirs. Nothing to do on SQLite.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (!(await hasLz4(knex))) {
    return;
  }
  await knex.raw(
    'alter table terminal_recording_chunks alter column events set compression lz4',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (!(await hasLz4(knex))) {
    return;
  }
  await knex.raw(
    'alter table terminal_recording_chunks alter column events set compression default',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
async function hasLz4(knex) {
  if (knex.client.dialect !== 'postgresql') {
    return false;
  }
  const { rows } = await knex.raw(
    `select 1 from pg_settings
     where name = 'default_toast_compression' and 'lz4' = any(enumvals)`,
  );
  return rows.length > 0;
}
