// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('terminal_sessions', table => {
    table.comment('Web terminal sessions; each one is also a recording');
    table.string('id', 36).primary();
    table.string('user_ref', 255).notNullable().index();
    table.string('machine_id', 36).notNullable().index();
    table.string('machine_hostname', 253).notNullable();
    table.string('machine_ip', 64).notNullable();
    table.string('credential_id', 36).notNullable();
    table.string('username', 64).notNullable();
    table.integer('cols').notNullable();
    table.integer('rows').notNullable();
    table.string('started_at', 32).notNullable().index();
    table.string('ended_at', 32).nullable();
    table.string('end_reason', 32).nullable();
    table
      .string('last_event_at', 32)
      .nullable()
      .comment(
        'When the last recorded chunk was written: after a crash, about when the session stopped',
      );
    table.bigInteger('bytes_out').notNullable().defaultTo(0);
    table.boolean('has_input').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('terminal_recording_chunks', table => {
    table.comment(
      'asciicast v2 event lines of a session, in order, written as it happens',
    );
    table
      .string('session_id', 36)
      .notNullable()
      .references('id')
      .inTable('terminal_sessions')
      .onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.text('events').notNullable();
    table.primary(['session_id', 'seq']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('terminal_recording_chunks');
  await knex.schema.dropTable('terminal_sessions');
};
