/*
 * The job engine benchmark (bench/README.md, "Job engine"); run it through
 * bench/jobs/run.sh, which loads the engine's TypeScript sources.
 *
 * For each database: an engine with the product's defaults (5 s safety poll,
 * so only the wake-up path can start a job quickly), jobs enqueued one at a
 * time with the engine idle in between, each timed from just before
 * `enqueue()` to the first line of its handler. Interleaved with them, the
 * references: one `SELECT 1` round trip and one one-row write transaction
 * (INSERT + COMMIT, which on SQLite is the disk sync). On PostgreSQL the same
 * again with the job enqueued by a second engine (another replica) and run by
 * the first, woken through LISTEN/NOTIFY.
 * Prints p50/p99, ratios and PASS/MISS against the 50 ms target (never fails
 * on a figure), then `BENCH_RESULT {json}`.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { randomBytes } = require('node:crypto');
const knexFactory = require('knex');
const {
  createJobEngine,
  JobSlots,
} = require('../../plugins/jobs-node/src/index.ts');

const TARGET_MS = 50;
const USAGE = `usage: bench/jobs/run.sh [options]
  --jobs N     jobs per scenario (default 200)
  --gap MS     idle time between two jobs (default 20)
  -h, --help   this text
Environment: BENCH_POSTGRES_URL (also run on PostgreSQL), BENCH_KEEP=1`;

function parseArgs(argv) {
  const opts = { jobs: 200, gap: 20 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const int = (min, max) => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < min || n > max) {
        console.error(
          `${a} must be a whole number from ${min} to ${max}\n${USAGE}`,
        );
        process.exit(2);
      }
      return n;
    };
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--jobs') opts.jobs = int(10, 100000);
    else if (a === '--gap') opts.gap = int(0, 10000);
    else {
      console.error(`unknown option ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  return opts;
}

const quietLogger = {
  error: m => console.error(`engine error: ${m}`),
  warn: m => console.error(`engine warn: ${m}`),
  info: () => {},
  debug: () => {},
  child() {
    return quietLogger;
  },
};

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
function stats(values) {
  return {
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
  };
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * One scenario: `enqueuer` enqueues, `runner` (started) runs; both on `knex`.
 */
async function measure({ knex, name, jobs, gap, crossReplica }) {
  const database = { getClient: async () => knex, migrations: { skip: false } };
  let onStart;
  const handler = {
    kind: 'bench',
    async run() {
      onStart?.(performance.now());
    },
  };
  const common = {
    pluginId: 'bench',
    database,
    logger: quietLogger,
    handlers: [handler],
    globalLimiter: new JobSlots(16),
  };
  const runner = await createJobEngine({ ...common, workerId: 'runner' });
  const enqueuer = crossReplica
    ? await createJobEngine({ ...common, workerId: 'api' })
    : runner;
  await knex.schema.dropTableIfExists('bench_reference');
  await knex.schema.createTable('bench_reference', t => {
    t.increments('id');
    t.string('value', 32);
  });
  await runner.start();
  await sleep(300); // past the first look: the engine sleeps until woken
  const latencies = [];
  const selectOne = [];
  const writeCommit = [];
  try {
    for (let i = 0; i < jobs + 10; i++) {
      const warm = i < 10;
      const s = await timed(() => knex.raw('select 1'));
      const w = await timed(() =>
        knex.transaction(tx =>
          tx('bench_reference').insert({ value: `r${i}` }),
        ),
      );
      const started = new Promise(resolve => {
        onStart = resolve;
      });
      const t0 = performance.now();
      await enqueuer.enqueue({
        kind: 'bench',
        title: `bench ${i}`,
        params: { i },
        createdBy: 'user:default/bench',
      });
      const t1 = await Promise.race([started, sleep(10_000).then(() => NaN)]);
      if (Number.isNaN(t1)) {
        throw new Error(`${name}: job ${i} did not start within 10 s`);
      }
      if (!warm) {
        latencies.push(t1 - t0);
        selectOne.push(s);
        writeCommit.push(w);
      }
      await sleep(gap);
    }
  } finally {
    await runner.stop();
    if (enqueuer !== runner) await enqueuer.stop();
  }
  const latency = stats(latencies);
  const select = stats(selectOne);
  const write = stats(writeCommit);
  return {
    name,
    jobs,
    latencyMs: latency,
    selectOneMs: select,
    writeCommitMs: write,
    ratioToSelectOne: {
      p50: round(latency.p50 / select.p50, 1),
      p99: round(latency.p99 / select.p99, 1),
    },
    ratioToWriteCommit: {
      p50: round(latency.p50 / write.p50, 1),
      p99: round(latency.p99 / write.p99, 1),
    },
    target: {
      p99Ms: TARGET_MS,
      verdict: latency.p99 <= TARGET_MS ? 'PASS' : 'MISS',
    },
  };
}

function print(r) {
  console.log(`\n${r.name} (${r.jobs} jobs)`);
  console.log(
    `  enqueue→start  p50 ${r.latencyMs.p50} ms   p99 ${r.latencyMs.p99} ms   target p99 ≤ ${TARGET_MS} ms: ${r.target.verdict}`,
  );
  console.log(
    `  SELECT 1       p50 ${r.selectOneMs.p50} ms   p99 ${r.selectOneMs.p99} ms   ratio p50 ${r.ratioToSelectOne.p50}×  p99 ${r.ratioToSelectOne.p99}×`,
  );
  console.log(
    `  1-row commit   p50 ${r.writeCommitMs.p50} ms   p99 ${r.writeCommitMs.p99} ms   ratio p50 ${r.ratioToWriteCommit.p50}×  p99 ${r.ratioToWriteCommit.p99}×`,
  );
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const results = [];
  const loadBefore = os.loadavg()[0];
  console.log(
    `job engine: enqueue→start latency, ${opts.jobs} jobs per scenario, ${
      opts.gap
    } ms apart; ${os.cpus().length} cores, load ${round(loadBefore)}`,
  );

  const dir = mkdtempSync(
    join(process.env.TMPDIR || os.tmpdir(), 'opssight-bench-jobs.'),
  );
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  try {
    results.push(
      await measure({
        knex: sqlite,
        name: 'SQLite file (development default)',
        ...opts,
      }),
    );
    print(results[results.length - 1]);
  } finally {
    await sqlite.destroy();
    if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.BENCH_POSTGRES_URL;
  if (url) {
    const name = `opssight_bench_jobs_${randomBytes(4).toString('hex')}`;
    const admin = knexFactory({
      client: 'pg',
      connection: { connectionString: url, database: 'postgres' },
    });
    await admin.raw('create database ??', [name]);
    const pg = knexFactory({
      client: 'pg',
      connection: { connectionString: url, database: name },
      pool: { min: 0, max: 10 },
    });
    try {
      results.push(
        await measure({ knex: pg, name: 'PostgreSQL, same engine', ...opts }),
      );
      print(results[results.length - 1]);
      results.push(
        await measure({
          knex: pg,
          name: 'PostgreSQL, enqueued on another replica (NOTIFY)',
          crossReplica: true,
          ...opts,
        }),
      );
      print(results[results.length - 1]);
    } finally {
      await pg.destroy();
      await admin
        .raw('drop database if exists ?? with (force)', [name])
        .catch(e => {
          console.error(`could not drop ${name}: ${e.message}`);
        });
      await admin.destroy();
    }
  } else {
    console.log('\nPostgreSQL: skipped (set BENCH_POSTGRES_URL to include it)');
  }
  const loadAfter = os.loadavg()[0];
  console.log(`\nload average ${round(loadBefore)} → ${round(loadAfter)}`);
  const result = {
    bench: 'jobs',
    targetMs: TARGET_MS,
    cores: os.cpus().length,
    load: { before: round(loadBefore), after: round(loadAfter) },
    scenarios: results,
    verdict: results.every(r => r.target.verdict === 'PASS') ? 'PASS' : 'MISS',
  };
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

main().catch(error => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
