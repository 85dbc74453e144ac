import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Job, isFinalJobStatus } from '@opssight/plugin-jobs-common';
import { jsonLinesLogger } from '@opssight/plugin-testing-node';
import { Knex } from 'knex';
import { createJobEngine } from '../createJobEngine';
import { JobSlots } from '../JobSlots';
import { CreateJobEngineOptions, EnqueueJobInput, JobEngine } from '../types';

export function databaseService(knex: Knex, skip = false): DatabaseService {
  return { getClient: async () => knex, migrations: { skip } };
}

/** A logger that keeps every line, to check what was (not) logged. */
export function recordingLogger(lines: string[] = []): LoggerService {
  return jsonLinesLogger(lines);
}

/**
 * Engines made by one test file, with fast test timings, stopped after each
 * test.
 */
export function testEngines() {
  const made: JobEngine[] = [];
  const logLines: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map(engine => engine.stop()));
    logLines.length = 0;
  });
  return {
    logLines,
    async create(
      knex: Knex,
      options: Partial<CreateJobEngineOptions> &
        Pick<CreateJobEngineOptions, 'handlers'>,
    ): Promise<JobEngine> {
      const engine = await createJobEngine({
        pluginId: 'test',
        database: databaseService(knex),
        logger: recordingLogger(logLines),
        globalLimiter: new JobSlots(100),
        heartbeatIntervalMs: 100,
        staleAfterMs: 1500,
        pollIntervalMs: 200,
        logFlushMs: 20,
        abortGraceMs: 1000,
        ...options,
      });
      made.push(engine);
      return engine;
    },
    /** As `create`, the engine started. */
    async started(
      knex: Knex,
      options: Partial<CreateJobEngineOptions> &
        Pick<CreateJobEngineOptions, 'handlers'>,
    ): Promise<JobEngine> {
      const engine = await this.create(knex, options);
      await engine.start();
      return engine;
    },
  };
}

/** A job of `kind` that Alice asks for, titled as its kind, with no params unless `more` says. */
export function aliceJob(
  kind: string,
  more: Partial<EnqueueJobInput> = {},
): EnqueueJobInput {
  return {
    kind,
    title: kind,
    params: {},
    createdBy: 'user:default/alice',
    ...more,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns something truthy. */
export async function waitFor<T>(
  probe: () =>
    | Promise<T | undefined | null | false>
    | T
    | undefined
    | null
    | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(20);
  }
}

export function waitForEnd(
  engine: JobEngine,
  id: string,
  timeoutMs = 10_000,
): Promise<Job> {
  return waitFor(
    async () => {
      const job = await engine.get(id);
      return job && isFinalJobStatus(job.status) ? job : undefined;
    },
    `job ${id} to end`,
    timeoutMs,
  );
}

export function waitForStatus(
  engine: JobEngine,
  id: string,
  status: Job['status'],
  timeoutMs = 10_000,
): Promise<Job> {
  return waitFor(
    async () => {
      const job = await engine.get(id);
      return job?.status === status ? job : undefined;
    },
    `job ${id} to be ${status}`,
    timeoutMs,
  );
}

/** A promise with its resolve, for handlers that wait on the test. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>(resolve => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise(resolve => {
    if (signal.aborted) resolve(signal.reason);
    signal.addEventListener('abort', () => resolve(signal.reason), {
      once: true,
    });
  });
}
