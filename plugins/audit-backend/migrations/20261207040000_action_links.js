// @ts-check

/**
 * Two columns, both hashed when set (entries written before keep their hashes):
 * - initiated_seq: on an action's outcome entry, the seq of the entry written
 *   when the action started, so the trail lists one row per action;
 * - client_request_id: the X-Request-Id the client sent, kept beside the
 *   request id the server now always generates itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('audit_entries', table => {
    table
      .bigInteger('initiated_seq')
      .nullable()
      .index()
      .comment("On an outcome entry: the seq of its action's initiated entry");
    table
      .string('client_request_id', 128)
      .nullable()
      .comment(
        'X-Request-Id as the client sent it (the server assigns request_id)',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('audit_entries', table => {
    table.dropIndex(['initiated_seq']);
    table.dropColumn('initiated_seq');
    table.dropColumn('client_request_id');
  });
};
