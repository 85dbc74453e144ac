// @ts-check

/**
 * Targets that failed on a host key were all `hostkey`, whether the host had
 * no pinned key (harmless: test the connection) or presented another one
 * (possibly an interception). They get the two kinds apart; the message a
 * missing pin was stored with tells them apart.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('opssight_job_targets')
    .where({ error_kind: 'hostkey' })
    .andWhere('error_message', 'like', '%no pinned host key%')
    .update({ error_kind: 'hostkey-unpinned' });
  await knex('opssight_job_targets')
    .where({ error_kind: 'hostkey' })
    .update({ error_kind: 'hostkey-changed' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('opssight_job_targets')
    .whereIn('error_kind', ['hostkey-unpinned', 'hostkey-changed'])
    .update({ error_kind: 'hostkey' });
};
