// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('machines', table => {
    // Not a foreign key: credentials live in the vault's database.
    table
      .string('default_credential_id', 36)
      .nullable()
      .comment('Vault credential connection tests log in with by default');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('machines', table => {
    table.dropColumn('default_credential_id');
  });
};
