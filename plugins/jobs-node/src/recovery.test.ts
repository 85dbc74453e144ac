import { TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '@opssight/plugin-testing-node';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { JobHandler } from './types';
import {
  sleep,
  testEngines,
  waitForEnd,
  waitForStatus,
} from './__testUtils__/engines';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

/** Backstage's on-the-fly TypeScript transform, as `yarn start` uses it. */
const nodeTransform = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
  { paths: [dirname(require.resolve('@backstage/cli/package.json'))] },
);

/** Starts __testUtils__/hangingWorker.ts against the database described by `knexConfig`. */
function startDoomedWorker(knexConfig: object): {
  child: ChildProcess;
  claimed: Promise<string>;
  output: () => string;
} {
  const child = spawn(
    process.execPath,
    [
      '--require',
      nodeTransform,
      join(__dirname, '__testUtils__', 'hangingWorker.ts'),
    ],
    {
      env: { ...process.env, JOBS_TEST_KNEX: JSON.stringify(knexConfig) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const claimed = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', data => {
      output += String(data);
      const match = output.match(/CLAIMED (\S+)/);
      if (match) resolve(match[1]);
    });
    child.stderr!.on('data', data => {
      output += String(data);
    });
    child.on('exit', code =>
      reject(
        new Error(`the worker exited (${code}) before claiming: ${output}`),
      ),
    );
  });
  return { child, claimed, output: () => output };
}

describe.each(databases.eachSupportedId())(
  'recovery from a killed worker on %p',
  databaseId => {
    const engines = testEngines();
    let knex: Knex;
    let knexConfig: object;
    let child: ChildProcess | undefined;
    let tempDir: string | undefined;

    beforeEach(async () => {
      if (databaseId.startsWith('POSTGRES')) {
        knex = await databases.init(databaseId);
        knexConfig = {
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: 2 },
        };
      } else {
        // The test databases' SQLite lives in memory, out of another
        // process's reach: a file instead.
        tempDir = mkdtempSync(join(tmpdir(), 'jobs-recovery-'));
        knexConfig = {
          client: 'better-sqlite3',
          connection: { filename: join(tempDir, 'jobs.sqlite') },
          useNullAsDefault: true,
        };
        knex = knexFactory(knexConfig);
      }
    });

    afterEach(async () => {
      child?.kill('SIGKILL');
      child = undefined;
      if (tempDir) {
        await knex.destroy();
        rmSync(tempDir, { recursive: true, force: true });
        tempDir = undefined;
      }
    });

    it('marks the job of a SIGKILLed worker interrupted, and a re-run finishes it', async () => {
      const finishes: JobHandler = {
        kind: 'hang',
        async run(ctx) {
          for (const target of ctx.targets) {
            await ctx.startTarget(target.key);
            await ctx.finishTarget(target.key, {
              status: 'succeeded',
              exitCode: 0,
            });
          }
        },
      };
      // This replica survives; it creates the tables and enqueues.
      const survivor = await engines.create(knex, {
        workerId: 'survivor',
        staleAfterMs: 2000,
        heartbeatIntervalMs: 100,
        handlers: [finishes],
      });
      const doomed = startDoomedWorker(knexConfig);
      child = doomed.child;
      const { id } = await survivor.enqueue({
        kind: 'hang',
        title: 'hangs',
        params: {},
        targets: [
          { key: 'a', label: 'node a' },
          { key: 'b', label: 'node b' },
        ],
        secret: { sealed: 'ciphertext' },
        createdBy: 'user:default/alice',
      });
      expect(await doomed.claimed).toBe(id);

      // Alive, the worker's heartbeats keep the survivor's sweep away.
      await survivor.start();
      await sleep(3000);
      expect(await survivor.get(id)).toMatchObject({ status: 'running' });
      const row = await knex('opssight_jobs').where({ id }).first();
      expect(row.worker_id).toBe('doomed');

      child.kill('SIGKILL');
      const killedAt = Date.now();
      const job = await waitForStatus(survivor, id, 'interrupted', 10_000);
      // Not before the heartbeat went stale.
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1500);
      expect(job).toMatchObject({
        error: 'the worker running the job stopped sending heartbeats',
        cancelRequested: false,
        progress: { total: 2, done: 2, failed: 0 },
      });
      expect(job.finishedAt).not.toBeNull();
      expect(
        (await survivor.getTargets(id)).map(t => [t.status, t.errorMessage]),
      ).toEqual([
        ['cancelled', 'the worker running the job stopped'],
        ['cancelled', 'the worker running the job stopped'],
      ]);
      const logs = await survivor.getLogs(id);
      expect(logs.map(c => c.seq)).toEqual(logs.map((_, i) => i + 1));
      expect(logs[0]).toMatchObject({
        text: 'half-way through\n',
        target: 'a',
      });
      expect(logs[logs.length - 1]).toMatchObject({
        stream: 'system',
        text: expect.stringContaining('Job interrupted'),
      });
      expect(await knex('opssight_job_secrets').where({ job_id: id })).toEqual(
        [],
      );

      const rerun = await survivor.rerun(id, {
        targets: 'failed',
        createdBy: 'user:default/alice',
      });
      expect(rerun.rerunOf).toBe(id);
      const done = await waitForEnd(survivor, rerun.id);
      expect(done).toMatchObject({
        status: 'succeeded',
        progress: { total: 2, done: 2, failed: 0 },
      });
      expect(
        (await survivor.getTargets(rerun.id)).map(t => [t.key, t.status]),
      ).toEqual([
        ['a', 'succeeded'],
        ['b', 'succeeded'],
      ]);
    });
  },
);
