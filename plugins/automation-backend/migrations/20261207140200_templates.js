// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('automation_templates', table => {
    table.comment('Ansible job templates: project, playbook, inventory, credentials, options, survey');
    table.string('id', 36).primary();
    table.string('name', 100).notNullable().unique();
    table.text('description').notNullable().defaultTo('');
    table.string('project_id', 36).notNullable().index();
    table.string('playbook', 500).notNullable();
    table
      .string('inventory_id', 36)
      .notNullable()
      .index()
      .references('id')
      .inTable('automation_inventories');
    table.string('ssh_credential_id', 36).notNullable();
    table.string('become_credential_id', 36).nullable();
    table.string('vault_credential_id', 36).nullable();
    table.text('extra_vars').notNullable().defaultTo('').comment('YAML text');
    table.text('options').notNullable().comment('JSON TemplateOptions');
    table.text('survey').notNullable().comment('JSON survey questions');
    table.boolean('one_at_a_time').notNullable().defaultTo(false);
    table.string('owner', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('automation_templates');
};
