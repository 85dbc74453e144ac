// @ts-check

/**
 * Saved scripts for bulk runs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cluster_snippets', table => {
    table.comment('Saved scripts for bulk runs');
    table.string('id', 36).primary();
    table.string('name', 100).notNullable().unique();
    table.text('description').notNullable().defaultTo('');
    table.text('script').notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_snippets');
};
