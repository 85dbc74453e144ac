// @ts-check

/**
 * Automation projects: a stored file tree (its versions live in the
 * versioned-files tables, tree id = project id) or a git repository.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('automation_projects', table => {
    table.comment('Ansible projects: stored file trees or git repositories');
    table.string('id', 36).primary();
    table.string('name', 100).notNullable().unique();
    table.text('description').notNullable().defaultTo('');
    table.string('source_kind', 16).notNullable();
    table.text('git_url').nullable();
    table.string('git_ref', 200).nullable();
    table.string('git_sub_path', 300).nullable();
    table.string('git_credential_id', 36).nullable();
    table.string('owner', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('automation_projects');
};
