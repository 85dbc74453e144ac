// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('automation_inventories', table => {
    table.comment('Ansible inventories: live from the machine registry, or static text');
    table.string('id', 36).primary();
    table.string('name', 100).notNullable().unique();
    table.text('description').notNullable().defaultTo('');
    table.string('source_kind', 16).notNullable().comment('registry or static');
    table
      .text('source')
      .notNullable()
      .comment('JSON: registry groups, tags, machineIds, clusterId; or static format and text');
    table.text('vars').notNullable().defaultTo('').comment('YAML text');
    table.text('group_vars').notNullable().comment('JSON: group name → YAML text');
    table.text('host_vars').notNullable().comment('JSON: host name → YAML text');
    table.string('owner', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('automation_inventories');
};
