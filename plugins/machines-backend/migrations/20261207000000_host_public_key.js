// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('machines', table => {
    // Machines pinned before this column get it from their next successful test.
    table
      .text('host_public_key')
      .nullable()
      .comment('Pinned host key in OpenSSH text form, for known_hosts');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('machines', table => {
    table.dropColumn('host_public_key');
  });
};
