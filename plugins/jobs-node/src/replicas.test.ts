import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '@opssight/plugin-testing-node';
import { Knex } from 'knex';
import { JobHandler } from './types';
import {
  aborted,
  gate,
  sleep,
  testEngines,
  waitFor,
  waitForEnd,
  aliceJob,
} from './__testUtils__/engines';

jest.setTimeout(120_000);

// Several engines on one database, as several backend replicas run them.
const databases = TestDatabases.create({ ids: testDatabaseIds() });

describe.each(databases.eachSupportedId())('replicas on %p', databaseId => {
  const engines = testEngines();
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
  });

  it('runs each of 100 jobs exactly once across two engines', async () => {
    const runs: Array<{ job: string; worker: string }> = [];
    const handler = (worker: string): JobHandler => ({
      kind: 'count',
      async run(ctx) {
        runs.push({ job: ctx.job.id, worker });
        // Interleave the engines' claims.
        await sleep(Math.random() * 15);
        ctx.log(`ran on ${worker}\n`);
      },
    });
    const a = await engines.create(knex, {
      workerId: 'worker-a',
      concurrency: 4,
      handlers: [handler('worker-a')],
    });
    const b = await engines.create(knex, {
      workerId: 'worker-b',
      concurrency: 4,
      handlers: [handler('worker-b')],
    });
    await a.start();
    await b.start();
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        // On SQLite only the enqueuing engine is woken (the other polls);
        // on PostgreSQL NOTIFY wakes both.
        const job = await (i % 2 ? a : b).enqueue(
          aliceJob('count', {
            title: `job ${i}`,
            params: { i },
          }),
        );
        ids.push(job.id);
      }),
    );
    for (const id of ids) {
      expect((await waitForEnd(a, id, 30_000)).status).toBe('succeeded');
    }
    const perJob = new Map<string, number>();
    for (const run of runs) {
      perJob.set(run.job, (perJob.get(run.job) ?? 0) + 1);
    }
    expect(perJob.size).toBe(100);
    expect([...perJob.values()].every(n => n === 1)).toBe(true);
    expect(runs.length).toBe(100);
    const byWorker = (w: string) => runs.filter(r => r.worker === w).length;
    expect(byWorker('worker-a')).toBeGreaterThan(0);
    expect(byWorker('worker-b')).toBeGreaterThan(0);
    // What the database says matches what ran.
    const rows = await knex('opssight_jobs').select('id', 'worker_id');
    for (const row of rows) {
      expect(runs.find(r => r.job === row.id)!.worker).toBe(row.worker_id);
    }
  });

  it('claims only the kinds an engine has handlers for', async () => {
    const ranBy: string[] = [];
    // An older replica during a rolling deploy: it knows no `terraform-plan`.
    const old = await engines.create(knex, {
      workerId: 'old',
      handlers: [{ kind: 'script', async run() {} }],
    });
    const current = await engines.create(knex, {
      workerId: 'current',
      handlers: [
        { kind: 'script', async run() {} },
        {
          kind: 'terraform-plan',
          async run() {
            ranBy.push('current');
          },
        },
      ],
    });
    await old.start();
    const { id } = await current.enqueue(
      aliceJob('terraform-plan', {
        title: 'plan',
      }),
    );
    await sleep(500);
    expect((await current.get(id))!.status).toBe('queued');
    await current.start();
    expect((await waitForEnd(current, id)).status).toBe('succeeded');
    expect(ranBy).toEqual(['current']);
  });

  it('cancels a job running on another engine', async () => {
    const seen: unknown[] = [];
    const started = gate();
    const runner = await engines.create(knex, {
      workerId: 'runner',
      handlers: [
        {
          kind: 'waits',
          async run(ctx) {
            await ctx.startTarget('a');
            started.open();
            seen.push(await aborted(ctx.signal));
          },
        },
      ],
    });
    // The replica that serves the API call; it runs nothing itself.
    const api = await engines.create(knex, {
      workerId: 'api',
      handlers: [{ kind: 'waits', async run() {} }],
    });
    await runner.start();
    const { id } = await api.enqueue({
      kind: 'waits',
      title: 'waits',
      params: {},
      targets: [
        { key: 'a', label: 'a' },
        { key: 'b', label: 'b' },
      ],
      createdBy: 'user:default/alice',
    });
    await started.promise;
    const requested = await api.cancel(id, {
      actor: 'user:default/alice',
      mayActOnOthers: async () => false,
    });
    expect(requested).toMatchObject({
      status: 'running',
      cancelRequested: true,
    });
    const job = await waitForEnd(api, id, 5000);
    expect(seen).toEqual(['cancelled']);
    expect(job).toMatchObject({ status: 'cancelled', cancelRequested: false });
    expect((await api.getTargets(id)).map(t => t.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
  });
});

// SQLite has no NOTIFY (and one process).
const postgresIds = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const describeOnPostgres =
  postgresIds.length > 0
    ? describe.each(postgresIds)
    : describe.skip.each([['POSTGRES_15' as TestDatabaseId]]);

describeOnPostgres('wake-ups across replicas on %p', databaseId => {
  const engines = testEngines();
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
  });

  it('wakes another engine through NOTIFY', async () => {
    let startedAt = 0;
    const worker = await engines.create(knex, {
      workerId: 'worker',
      // Only a wake-up can make it look before a minute has passed.
      pollIntervalMs: 60_000,
      handlers: [
        {
          kind: 'quick',
          async run() {
            startedAt = Date.now();
          },
        },
      ],
    });
    const api = await engines.create(knex, {
      workerId: 'api',
      handlers: [{ kind: 'quick', async run() {} }],
    });
    await worker.start();
    await sleep(500); // its first look found nothing: it sleeps
    for (let i = 0; i < 3; i++) {
      startedAt = 0;
      const before = Date.now();
      const { id } = await api.enqueue(aliceJob('quick'));
      const job = await waitForEnd(api, id, 5000);
      expect(job.status).toBe('succeeded');
      expect(startedAt - before).toBeLessThan(5000);
      expect(
        (await knex('opssight_jobs').where({ id }).first()).worker_id,
      ).toBe('worker');
    }
  });

  it('looks for work missed while its LISTEN connection was down, and listens again', async () => {
    const worker = await engines.create(knex, {
      workerId: 'worker',
      pollIntervalMs: 60_000,
      handlers: [{ kind: 'quick', async run() {} }],
    });
    const api = await engines.create(knex, {
      workerId: 'api',
      handlers: [{ kind: 'quick', async run() {} }],
    });
    await worker.start();
    await sleep(300);
    // Kill the worker's LISTEN session from outside, as a failover would.
    await knex.raw(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where query like 'LISTEN %' and pid <> pg_backend_pid() and datname = current_database()`,
    );
    const { id } = await api.enqueue(
      aliceJob('quick', {
        title: 'while reconnecting',
      }),
    );
    // Reconnected (0.5 s backoff), it looks for work it may have missed.
    expect((await waitForEnd(api, id, 10_000)).status).toBe('succeeded');
    // And NOTIFY works again on the new connection.
    await waitFor(
      async () =>
        (
          await knex.raw(
            `select count(*) as n from pg_stat_activity where query like 'LISTEN %' and datname = current_database()`,
          )
        ).rows[0].n > 0,
      'the LISTEN connection to be back',
    );
    const next = await api.enqueue(
      aliceJob('quick', {
        title: 'after reconnecting',
      }),
    );
    expect((await waitForEnd(api, next.id, 5000)).status).toBe('succeeded');
  });
});
