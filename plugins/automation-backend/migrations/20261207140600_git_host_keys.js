// @ts-check

/**
 * The SSH host key a git project's remote is pinned to: given by the user
 * or met on the first fetch (trust on first use), then required on every
 * fetch (StrictHostKeyChecking=yes).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('automation_projects', table => {
    table
      .text('git_host_key')
      .nullable()
      .comment(
        'Pinned SSH host key of the git remote (OpenSSH public key text)',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('automation_projects', table => {
    table.dropColumn('git_host_key');
  });
};
