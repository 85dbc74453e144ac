// @ts-check

const GENESIS_HASH = '0'.repeat(64);

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_entries', table => {
    table.comment('The OpsSight audit trail, one hash-chained row per event');
    table
      .bigInteger('seq')
      .primary()
      .comment('Chain order: 1, 2, 3, … assigned under the chain-head lock');
    table.string('time', 32).notNullable().index();
    table.string('plugin', 64).notNullable().index();
    table.string('actor', 255).notNullable().index();
    table.string('action', 128).notNullable().index();
    table.string('target', 512).nullable().index();
    table.string('outcome', 16).notNullable().index();
    table.string('severity', 16).notNullable();
    table.string('request_id', 128).notNullable().index();
    table.string('client_address', 64).nullable();
    table.text('details').notNullable().comment('Canonical JSON');
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable().unique();
  });

  // One row that every append locks, so concurrent writers (requests, replicas)
  // take turns and the chain never forks.
  await knex.schema.createTable('audit_chain_head', table => {
    table.integer('id').primary();
    table.bigInteger('seq').notNullable();
    table.string('hash', 64).notNullable();
  });
  await knex('audit_chain_head').insert({ id: 1, seq: 0, hash: GENESIS_HASH });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_chain_head');
  await knex.schema.dropTable('audit_entries');
};
