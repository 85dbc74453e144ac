// @ts-check

/**
 * Clusters, their nodes, their change history and their latest health checks.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('clusters', table => {
    table.comment('Kubernetes clusters registered in OpsSight');
    table.string('id', 36).primary();
    table.string('name', 63).notNullable().unique();
    table.text('description').notNullable().defaultTo('');
    table.string('environment', 63).notNullable().index();
    table.string('owner', 255).notNullable();
    table.string('load_balancer_ip', 64).nullable();
    table.text('api_url').nullable();
    table.text('api_ca_data').nullable();
    // Not a foreign key: credentials live in the vault's database.
    table.string('api_token_credential_id', 36).nullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    // Strictly increasing per cluster: the optimistic-concurrency token.
    table.string('updated_at', 32).notNullable();
    table.string('health_checked_at', 32).nullable();
    table
      .text('api_check')
      .nullable()
      .comment(
        'JSON ClusterApiHealth of the latest check, when an API is configured',
      );
  });

  await knex.schema.createTable('cluster_nodes', table => {
    table
      .string('cluster_id', 36)
      .notNullable()
      .references('id')
      .inTable('clusters')
      .onDelete('CASCADE');
    table.string('ip', 64).notNullable().index();
    table.string('role', 16).notNullable();
    table.integer('position').notNullable().comment('Order within the role');
    // Not a foreign key: machines live in the machines plugin's database. A
    // snapshot of the machine at this IP, refreshed on its change events and
    // on every health check.
    table.string('machine_id', 36).nullable().index();
    table.string('hostname', 253).nullable();
    table.boolean('host_key_pinned').notNullable().defaultTo(false);
    table
      .text('ssh_check')
      .nullable()
      .comment('JSON NodeSshCheck of the latest check');
    table.primary(['cluster_id', 'ip']);
  });

  await knex.schema.createTable('cluster_changes', table => {
    table.bigIncrements('seq').primary();
    table.string('id', 36).notNullable().unique();
    table
      .string('cluster_id', 36)
      .notNullable()
      .references('id')
      .inTable('clusters')
      .onDelete('CASCADE');
    table.string('at', 32).notNullable();
    table.string('by', 255).notNullable();
    table.string('kind', 16).notNullable();
    table.text('before').nullable().comment('JSON ClusterTopology');
    table.text('after').notNullable().comment('JSON ClusterTopology');
    table.text('diff').notNullable().comment('JSON TopologyDiff');
    table.text('fields').notNullable().comment('JSON string[]');
    table.index(['cluster_id', 'seq']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_changes');
  await knex.schema.dropTable('cluster_nodes');
  await knex.schema.dropTable('clusters');
};
