// @ts-check
/**
 * Versioned file trees: each save of a tree is an immutable version; file
 * contents are stored once per distinct content (sha256).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vf_blobs', table => {
    table.string('sha256', 64).primary();
    table.text('content').notNullable();
    table.integer('size').notNullable();
  });
  await knex.schema.createTable('vf_versions', table => {
    table.string('tree_id', 100).notNullable();
    table.integer('number').notNullable();
    table.string('author', 255).notNullable();
    table.text('message').notNullable();
    table.integer('file_count').notNullable();
    table.integer('size').notNullable();
    table
      .string('sha256', 64)
      .notNullable()
      .comment('of the sorted path/content list');
    table.integer('restored_from').nullable();
    table.string('created_at', 30).notNullable();
    table.primary(['tree_id', 'number']);
  });
  await knex.schema.createTable('vf_entries', table => {
    table.string('tree_id', 100).notNullable();
    table.integer('number').notNullable();
    table.string('path', 300).notNullable();
    table.string('sha256', 64).notNullable().references('vf_blobs.sha256');
    table.primary(['tree_id', 'number', 'path']);
    table
      .foreign(['tree_id', 'number'])
      .references(['tree_id', 'number'])
      .inTable('vf_versions')
      .onDelete('CASCADE');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vf_entries');
  await knex.schema.dropTable('vf_versions');
  await knex.schema.dropTable('vf_blobs');
};
