import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eachDatabase } from '@opssight/plugin-testing-node';
import { readdirSync } from 'node:fs';
import { Knex } from 'knex';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@opssight/plugin-machines-backend',
  'migrations',
);
const ON_JOBS = '20261207120000_connection_tests_on_jobs.js';
const EARLIER = readdirSync(directory)
  .filter(name => name.endsWith('.js') && name < ON_JOBS)
  .sort();

const M1 = '00000000-0000-4000-8000-000000000001';
const M2 = '00000000-0000-4000-8000-000000000002';
const M3 = '00000000-0000-4000-8000-000000000003';

function result(machineId: string, checkedAt: string, sshOk: boolean) {
  return {
    machineId,
    reachable: sshOk,
    sshOk,
    fingerprint: sshOk ? 'SHA256:abc' : null,
    latencyMs: sshOk ? 3 : null,
    errorKind: sshOk ? null : 'refused',
    message: sshOk ? null : 'connect ECONNREFUSED',
    checkedAt,
  };
}

async function machine(knex: Knex, id: string, lastCheck: object | null) {
  await knex('machines').insert({
    id,
    ip: `10.0.0.${id.slice(-1)}`,
    ip_sort: `00000000000000000000ffff0a00000${id.slice(-1)}`,
    hostname: `m-${id.slice(-1)}`,
    owner: 'group:default/ops',
    last_check: lastCheck && JSON.stringify(lastCheck),
    created_at: '2026-12-01T00:00:00.000Z',
    updated_at: '2026-12-01T00:00:00.000Z',
  });
}

async function run(
  knex: Knex,
  id: string,
  results: Array<ReturnType<typeof result>>,
) {
  await knex('connection_test_runs').insert({
    id,
    status: 'completed',
    total: results.length,
    done: results.length,
    failed: results.filter(r => !r.sshOk).length,
    requested_by: 'user:default/alice',
    started_at: results[0].checkedAt,
    finished_at: results[0].checkedAt,
  });
  await knex('connection_test_results').insert(
    results.map(r => ({
      run_id: id,
      machine_id: r.machineId,
      result: JSON.stringify(r),
    })),
  );
}

async function lastChecks(knex: Knex) {
  const rows = await knex('machines').orderBy('id').select('id', 'last_check');
  return Object.fromEntries(
    rows.map(r => [r.id, r.last_check && JSON.parse(r.last_check)]),
  );
}

eachDatabase('migrations', db => {
  it('go up and down from nothing, and up again', async () => {
    const { knex } = db;
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('machines')).toBe(true);
    expect(await knex.schema.hasTable('connection_test_runs')).toBe(false);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('machines')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('machines')).toBe(true);
  });

  it('drop the connection test run tables, keeping the last result of each machine', async () => {
    const { knex } = db;
    for (const name of EARLIER) {
      await knex.migrate.up({ directory, name });
    }
    const before = result(M1, '2026-12-01T10:00:00.000Z', true);
    const newer = result(M1, '2026-12-02T10:00:00.000Z', false);
    const older = result(M2, '2026-11-30T10:00:00.000Z', false);
    const kept = result(M2, '2026-12-03T10:00:00.000Z', true);
    const onlyInRuns = result(M3, '2026-12-02T12:00:00.000Z', true);
    // M1's last check is older than its newest run result (a result whose
    // machine row could not be updated); M2's is newer; M3 has none.
    await machine(knex, M1, before);
    await machine(knex, M2, kept);
    await machine(knex, M3, null);
    await run(knex, 'run-1', [before, older]);
    await run(knex, 'run-2', [newer, onlyInRuns]);
    // A result of a machine deleted since.
    await run(knex, 'run-3', [
      result(
        '00000000-0000-4000-8000-00000000dead',
        '2026-12-04T00:00:00.000Z',
        true,
      ),
    ]);

    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('connection_test_runs')).toBe(false);
    expect(await knex.schema.hasTable('connection_test_results')).toBe(false);
    expect(await lastChecks(knex)).toEqual({
      [M1]: newer,
      [M2]: kept,
      [M3]: onlyInRuns,
    });

    // Down: the run tables are back, with one run holding each last result.
    await knex.migrate.down({ directory });
    const runs = await knex('connection_test_runs').select();
    expect(runs).toEqual([
      expect.objectContaining({
        status: 'completed',
        total: 3,
        done: 3,
        failed: 1,
        finished_at: kept.checkedAt,
      }),
    ]);
    const results = await knex('connection_test_results')
      .orderBy('machine_id')
      .select('machine_id', 'result');
    expect(results.map(r => [r.machine_id, JSON.parse(r.result)])).toEqual([
      [M1, newer],
      [M2, kept],
      [M3, onlyInRuns],
    ]);
    expect(await lastChecks(knex)).toEqual({
      [M1]: newer,
      [M2]: kept,
      [M3]: onlyInRuns,
    });

    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('connection_test_runs')).toBe(false);
    expect(await lastChecks(knex)).toEqual({
      [M1]: newer,
      [M2]: kept,
      [M3]: onlyInRuns,
    });
  });
});
