// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('vault_credentials', table => {
    table.comment(
      'Credentials in the OpsSight vault; secrets only as AES-256-GCM ciphertext',
    );
    table.string('id', 36).primary();
    table.string('name', 100).notNullable();
    table.string('kind', 16).notNullable();
    table.string('scope', 16).notNullable();
    table.string('owner', 255).notNullable();
    table
      .string('name_owner', 255)
      .notNullable()
      .comment(
        "The owner for personal credentials, '' for shared: names are unique within it",
      );
    table.string('username', 255).notNullable().defaultTo('');
    table.string('key_type', 64).nullable();
    table.string('fingerprint', 128).nullable();
    table.text('public_key').nullable();
    table.text('description').notNullable().defaultTo('');
    table.text('ciphertext').notNullable().comment('base64');
    table.string('iv', 32).notNullable().comment('base64 of 12 bytes');
    table.string('auth_tag', 32).notNullable().comment('base64 of 16 bytes');
    table
      .string('key_id', 64)
      .notNullable()
      .index()
      .comment('The vault.keys entry that encrypted the secret');
    table.string('last_used_at', 32).nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.unique(['scope', 'name_owner', 'name']);
    table.index(['owner']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('vault_credentials');
};
