// @ts-check

/**
 * Connection tests run on the job engine (its own tables, jobs-node's
 * migrations), so their run tables go. What users see of past tests is each
 * machine's last result, `machines.last_check`: a machine whose newest run
 * result is newer than it (or that has none) takes that result first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  /** @type {Map<string, {result: string, checkedAt: string}>} */
  const newest = new Map();
  const rows = await knex('connection_test_results').select(
    'machine_id',
    'result',
  );
  for (const row of rows) {
    const checkedAt = checkedAtOf(row.result);
    const known = newest.get(row.machine_id);
    if (checkedAt !== undefined && (!known || checkedAt > known.checkedAt)) {
      newest.set(row.machine_id, { result: row.result, checkedAt });
    }
  }
  for (const [machineId, { result, checkedAt }] of newest) {
    const machine = await knex('machines')
      .where({ id: machineId })
      .first('last_check');
    if (!machine) {
      continue; // deleted since
    }
    const current = machine.last_check
      ? checkedAtOf(machine.last_check)
      : undefined;
    if (current === undefined || checkedAt > current) {
      await knex('machines')
        .where({ id: machineId })
        .update({ last_check: result });
    }
  }
  await knex.schema.dropTable('connection_test_results');
  await knex.schema.dropTable('connection_test_runs');
};

/**
 * The run tables as they were, holding one completed run with each
 * machine's last result, so the older code shows what this one did.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
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

  const checked = await knex('machines')
    .whereNotNull('last_check')
    .select('id', 'last_check');
  if (checked.length === 0) {
    return;
  }
  const runId = '00000000-0000-4000-8000-00000000c0de';
  const results = checked.map(m => ({
    machineId: m.id,
    result: m.last_check,
    ok: parsed(m.last_check)?.sshOk === true,
  }));
  const times = checked
    .map(m => checkedAtOf(m.last_check))
    .filter(t => t !== undefined)
    .sort();
  const at = times[times.length - 1] ?? new Date().toISOString();
  await knex('connection_test_runs').insert({
    id: runId,
    status: 'completed',
    total: results.length,
    done: results.length,
    failed: results.filter(r => !r.ok).length,
    requested_by: 'migration',
    started_at: times[0] ?? at,
    finished_at: at,
  });
  // In slices, under SQLite's bound-parameter limit.
  for (let i = 0; i < results.length; i += 200) {
    await knex('connection_test_results').insert(
      results.slice(i, i + 200).map(r => ({
        run_id: runId,
        machine_id: r.machineId,
        result: r.result,
      })),
    );
  }
};

/**
 * When a stored ConnectionResult (JSON) was checked; undefined when it
 * cannot be read.
 *
 * @param {string} json
 * @returns {string | undefined}
 */
function checkedAtOf(json) {
  const checkedAt = parsed(json)?.checkedAt;
  return typeof checkedAt === 'string' ? checkedAt : undefined;
}

/**
 * @param {string} json
 * @returns {any}
 */
function parsed(json) {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
