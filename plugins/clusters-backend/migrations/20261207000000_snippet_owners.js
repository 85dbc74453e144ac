// @ts-check

/**
 * Snippets get an owner: only they (and Admins) may edit or delete one.
 * Snippets saved before are left without an owner, so only Admins may change
 * them: who saved one is not proof of who should control what others run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_snippets', table => {
    table
      .string('owner', 255)
      .nullable()
      .comment(
        'User entity ref who may edit it besides Admins; null: Admins only',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cluster_snippets', table => {
    table.dropColumn('owner');
  });
};
