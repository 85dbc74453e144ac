// @ts-check

/**
 * Schedules: a template run on a cron expression in a time zone. Each fire
 * is claimed in the database (the row whose next_fire_at is still the one
 * a replica saw), so it runs once whatever the number of replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('automation_schedules', table => {
    table.comment('Scheduled runs of templates');
    table.string('id', 36).primary();
    table.string('template_id', 36).notNullable().index();
    table.string('name', 255).notNullable();
    table.string('cron', 200).notNullable();
    table.string('timezone', 100).notNullable();
    table.boolean('enabled').notNullable();
    table
      .text('answers')
      .notNullable()
      .comment('JSON; secret answers are not here');
    table
      .text('sealed_answers')
      .nullable()
      .comment(
        'Secret survey answers, sealed by the vault cipher (never clear)',
      );
    table.string('catch_up', 16).notNullable();
    table.string('owner', 255).notNullable();
    table
      .string('next_fire_at', 32)
      .nullable()
      .index()
      .comment('ISO time in UTC; null when disabled');
    table.string('last_fired_at', 32).nullable();
    table.string('last_run_id', 36).nullable();
    table.text('last_error').nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('automation_schedules');
};
