// @ts-check

/**
 * What the plugin remembers about itself: whether the demo was seeded, so a
 * demo a user deleted does not come back on the next start.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('automation_meta', table => {
    table.string('key', 100).primary();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('automation_meta');
};
