// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('machines', table => {
    table.comment('Machines registered in OpsSight');
    table.string('id', 36).primary();
    table.string('ip', 64).notNullable().unique();
    // 32 hex digits of the address as IPv6 (IPv4 mapped), so sorting by IP is numeric.
    table.string('ip_sort', 32).notNullable().index();
    table.string('hostname', 253).notNullable().index();
    table.string('application', 200).notNullable().defaultTo('');
    table.integer('ssh_port').notNullable().defaultTo(22);
    table.string('ssh_user', 64).notNullable().defaultTo('');
    table.text('description').notNullable().defaultTo('');
    table.string('owner', 255).notNullable();
    table.string('host_key_fingerprint', 128).nullable();
    table
      .text('last_check')
      .nullable()
      .comment('JSON of the last ConnectionResult');
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });

  await knex.schema.createTable('machine_groups', table => {
    table.string('id', 36).primary();
    table.string('name', 63).notNullable().unique();
    table.text('description').notNullable().defaultTo('');
    table.string('created_at', 32).notNullable();
  });

  await knex.schema.createTable('machine_group_members', table => {
    table
      .string('machine_id', 36)
      .notNullable()
      .references('id')
      .inTable('machines')
      .onDelete('CASCADE');
    table
      .string('group_id', 36)
      .notNullable()
      .references('id')
      .inTable('machine_groups')
      .onDelete('CASCADE');
    table.primary(['machine_id', 'group_id']);
    table.index('group_id');
  });

  await knex.schema.createTable('machine_tags', table => {
    table
      .string('machine_id', 36)
      .notNullable()
      .references('id')
      .inTable('machines')
      .onDelete('CASCADE');
    table.string('tag', 63).notNullable();
    table.primary(['machine_id', 'tag']);
    table.index('tag');
  });

  await knex.schema.createTable('connection_test_runs', table => {
    table.string('id', 36).primary();
    table.string('status', 16).notNullable();
    table.integer('total').notNullable();
    table.integer('done').notNullable().defaultTo(0);
    table.integer('failed').notNullable().defaultTo(0);
    table.string('requested_by', 255).notNullable();
    table.string('started_at', 32).notNullable();
    table.string('finished_at', 32).nullable();
  });

  await knex.schema.createTable('connection_test_results', table => {
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('connection_test_runs')
      .onDelete('CASCADE');
    table.string('machine_id', 36).notNullable();
    table.text('result').notNullable().comment('JSON ConnectionResult');
    table.primary(['run_id', 'machine_id']);
  });

  await knex.schema.createTable('machines_meta', table => {
    table.string('key', 64).primary();
    table.text('value').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('machines_meta');
  await knex.schema.dropTable('connection_test_results');
  await knex.schema.dropTable('connection_test_runs');
  await knex.schema.dropTable('machine_tags');
  await knex.schema.dropTable('machine_group_members');
  await knex.schema.dropTable('machine_groups');
  await knex.schema.dropTable('machines');
};
