// @ts-check

/**
 * Where each shared credential may be sent over HTTP(S): an admin binds it to
 * hosts or URL prefixes; an unbound credential is sent nowhere.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('vault_credentials', table => {
    table
      .text('allowed_destinations')
      .notNullable()
      .defaultTo('[]')
      .comment(
        'JSON list of hosts or URL prefixes a shared credential may be sent to; [] is nowhere',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('vault_credentials', table => {
    table.dropColumn('allowed_destinations');
  });
};
