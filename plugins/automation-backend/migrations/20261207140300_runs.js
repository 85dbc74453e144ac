// @ts-check

/**
 * Playbook runs: what each run ran (template, project, the exact commit or
 * version, the inventory snapshot and its hash) beside its job, the machines
 * it touched, and the structured events of the callback plugin.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('automation_runs', table => {
    table.comment('A playbook run: its job and exactly what it ran');
    table.string('id', 36).primary().comment('The job id');
    table.string('template_id', 36).notNullable().index();
    table.string('template_name', 255).notNullable();
    table.string('project_id', 36).notNullable();
    table.string('project_name', 255).notNullable();
    table.string('source_kind', 16).notNullable().comment('git or files');
    table.text('source_url').nullable();
    table.string('source_ref', 255).nullable();
    table.string('source_commit', 64).nullable();
    table.integer('source_version').nullable();
    table.text('playbook').notNullable();
    table.string('inventory_id', 36).notNullable();
    table.string('inventory_name', 255).notNullable();
    table.text('inventory_snapshot').notNullable().comment('JSON; no secrets');
    table.string('inventory_sha256', 64).notNullable();
    table.string('trigger', 64).notNullable();
    table
      .text('sealed_answers')
      .nullable()
      .comment(
        'Secret survey answers, sealed by the vault cipher (never clear)',
      );
    table.string('status', 16).notNullable().index();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable().index();
  });
  await knex.schema.createTable('automation_run_machines', table => {
    table.comment('The registered machines a run had in its inventory');
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('automation_runs')
      .onDelete('CASCADE');
    table.string('machine_id', 64).notNullable().index();
    table.primary(['run_id', 'machine_id']);
  });
  await knex.schema.createTable('automation_run_events', table => {
    table.comment('Events of the callback plugin for a run, in order');
    table.string('run_id', 36).notNullable();
    table.integer('seq').notNullable();
    table.string('type', 16).notNullable().comment('play, task, result, recap');
    table.string('host', 255).nullable();
    table.string('task_id', 64).nullable();
    table.string('status', 16).nullable();
    table.boolean('changed').notNullable().defaultTo(false);
    table.integer('duration_ms').nullable();
    table
      .text('result')
      .nullable()
      .comment(
        'JSON: a capped, secret-masked result; the play or task; the recap',
      );
    table.boolean('hidden').notNullable().defaultTo(false).comment('no_log');
    table.primary(['run_id', 'seq']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('automation_run_events');
  await knex.schema.dropTable('automation_run_machines');
  await knex.schema.dropTable('automation_runs');
};
