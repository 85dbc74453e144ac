// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('local_users', table => {
    table.comment('Local OpsSight accounts');
    table.string('id', 36).primary();
    table.string('username', 63).notNullable().unique();
    table.string('display_name', 200).notNullable();
    table.string('email', 254).nullable();
    table.string('role', 16).notNullable();
    table.boolean('disabled').notNullable().defaultTo(false);
    table.boolean('must_change_password').notNullable().defaultTo(true);
    table
      .string('password_hash', 255)
      .notNullable()
      .comment('scrypt$N$r$p$salt$hash');
    table
      .string('previous_password_hash', 255)
      .nullable()
      .comment('The hash before the last change, so it cannot be reused');
    table.string('password_changed_at', 32).notNullable();
    table.string('last_sign_in_at', 32).nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });

  await knex.schema.createTable('sign_in_sessions', table => {
    table.comment('Sessions of signed-in local users');
    table
      .string('id_hash', 64)
      .primary()
      .comment('sha256 of the session id; the id itself is never stored');
    table
      .string('user_id', 36)
      .notNullable()
      .references('id')
      .inTable('local_users')
      .onDelete('CASCADE');
    table.string('client_address', 64).nullable();
    table.string('created_at', 32).notNullable();
    table.string('last_seen_at', 32).notNullable();
    table.index('user_id');
  });

  await knex.schema.createTable('sign_in_failures', table => {
    table.comment('Failed sign-ins per account and per client address');
    table.string('kind', 16).notNullable().comment('account or address');
    table.string('subject', 128).notNullable();
    table.primary(['kind', 'subject']);
    table.integer('failures').notNullable();
    table.string('last_failure_at', 32).notNullable();
    table.string('locked_until', 32).nullable();
    table.index('last_failure_at');
  });

  await knex.schema.createTable('access_meta', table => {
    table.string('key', 64).primary();
    table.text('value').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('access_meta');
  await knex.schema.dropTable('sign_in_failures');
  await knex.schema.dropTable('sign_in_sessions');
  await knex.schema.dropTable('local_users');
};
