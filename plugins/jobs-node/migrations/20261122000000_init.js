// @ts-check

/**
 * The job engine's tables, created in the owning plugin's database next to
 * its own tables (hence the `opssight_job` prefix), with their own knex
 * migrations table (`opssight_jobs_migrations`).
 *
 * Times shown to people are UTC ISO strings (they sort as text);
 * `heartbeat_at` is milliseconds since the epoch by the database's clock, so
 * replicas with skewed clocks still agree on which workers went quiet.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('opssight_jobs', table => {
    table.comment('Jobs of the job engine (@opssight/plugin-jobs-node)');
    table.string('id', 36).primary();
    table.string('kind', 255).notNullable();
    table.text('title').notNullable();
    table.string('subject', 255).nullable().index();
    table.string('status', 16).notNullable();
    table.string('created_by', 255).notNullable().index();
    table.string('created_at', 32).notNullable().index();
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table.boolean('cancel_requested').notNullable().defaultTo(false);
    table.bigInteger('timeout_ms').nullable();
    table.text('error').nullable();
    table.text('params').notNullable().comment('JSON; never secrets');
    table.string('rerun_of', 36).nullable();
    table
      .string('worker_id', 255)
      .nullable()
      .comment('The engine instance that claimed the job');
    table
      .bigInteger('heartbeat_at')
      .nullable()
      .comment('Epoch ms (database clock) of the last heartbeat while running');
    table
      .integer('log_seq')
      .notNullable()
      .defaultTo(0)
      .comment('seq of the last log chunk written');
    // Claiming scans queued jobs oldest first; the sweep scans running ones.
    table.index(['status', 'created_at'], 'opssight_jobs_status_created_idx');
  });

  await knex.schema.createTable('opssight_job_targets', table => {
    table.comment('Per-target results of a job (a host, a workspace)');
    table
      .string('job_id', 36)
      .notNullable()
      .references('id')
      .inTable('opssight_jobs')
      .onDelete('CASCADE');
    table.string('target_key', 255).notNullable();
    table.integer('position').notNullable();
    table.text('label').notNullable();
    table.string('status', 16).notNullable();
    table.integer('exit_code').nullable();
    table.text('stdout').notNullable();
    table.text('stderr').notNullable();
    table.boolean('stdout_truncated').notNullable().defaultTo(false);
    table.boolean('stderr_truncated').notNullable().defaultTo(false);
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table.bigInteger('duration_ms').nullable();
    table.string('error_kind', 16).nullable();
    table.text('error_message').nullable();
    table.text('meta').notNullable().comment('JSON, as enqueued');
    table
      .text('result_meta')
      .nullable()
      .comment('JSON the handler added when the target finished');
    table.primary(['job_id', 'target_key']);
  });

  await knex.schema.createTable('opssight_job_log_chunks', table => {
    table.comment('Log of a job, in chunks numbered 1, 2, 3… per job');
    table
      .string('job_id', 36)
      .notNullable()
      .references('id')
      .inTable('opssight_jobs')
      .onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.string('at', 32).notNullable();
    table.string('stream', 8).notNullable();
    table.string('target_key', 255).nullable();
    table.text('text').notNullable();
    table.primary(['job_id', 'seq']);
  });

  await knex.schema.createTable('opssight_job_secrets', table => {
    table.comment(
      'What a job was enqueued with as its secret (e.g. sealed credentials); deleted when the job ends, never read by the API',
    );
    table
      .string('job_id', 36)
      .primary()
      .references('id')
      .inTable('opssight_jobs')
      .onDelete('CASCADE');
    table.text('secret').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('opssight_job_secrets');
  await knex.schema.dropTable('opssight_job_log_chunks');
  await knex.schema.dropTable('opssight_job_targets');
  await knex.schema.dropTable('opssight_jobs');
};
