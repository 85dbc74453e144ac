import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  isFinalJobStatus,
  Job,
  JOB_STATUSES,
  JobList,
  JobLogChunk,
  JobTarget,
} from '@opssight/plugin-jobs-common';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { ClaimedJob, JobEnding, JobStore } from './database/JobStore';
import { channelFor, PgListener } from './database/PgListener';
import { streamJobEvents } from './eventStream';
import { JobRun, JobRunOptions } from './JobRun';
import { JobSlots } from './JobSlots';
import {
  CreateJobEngineOptions,
  EnqueueJobInput,
  JobEngine,
  JobHandler,
  JobListFilter,
  JobRequester,
  RerunJobOptions,
} from './types';

const DEFAULT_PLUGIN_CONCURRENCY = 8;
const DEFAULT_GLOBAL_CONCURRENCY = 16;
const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 500;
const MAX_LOG_PAGE = 1000;
/** What one timer can wait for (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** How often an event stream re-reads a job that runs on another replica. */
const STREAM_POLL_MS = 500;
/** Pause after a failed claim (database away), so the loop does not spin. */
const CLAIM_ERROR_PAUSE_MS = 1000;

/** One per process, shared by every engine that is not given its own. */
let processSlots: JobSlots | undefined;

function processWideSlots(config?: RootConfigService): JobSlots {
  if (!processSlots) {
    processSlots = new JobSlots(
      config?.getOptionalNumber('jobs.concurrency.global') ??
        DEFAULT_GLOBAL_CONCURRENCY,
    );
  }
  return processSlots;
}

/** `alice` for `user:default/alice`: how people name each other. */
function userName(entityRef: string): string {
  return entityRef.replace(/^user:(default\/)?/i, '');
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `createJobEngine: ${name} must be a positive number, got ${value}`,
    );
  }
  return value;
}

const INTERRUPTED: JobEnding = {
  status: 'interrupted',
  error: 'the worker running the job stopped sending heartbeats',
  unfinishedTargets: {
    status: 'cancelled',
    errorKind: null,
    errorMessage: 'the worker running the job stopped',
  },
  logLine:
    'Job interrupted: the worker running it stopped sending heartbeats (the process died or lost its database).',
};

const CANCELLED_BEFORE_START: JobEnding = {
  status: 'cancelled',
  error: null,
  unfinishedTargets: {
    status: 'cancelled',
    errorKind: null,
    errorMessage: 'the job was cancelled before it started',
  },
  logLine: 'Job cancelled before it started.',
};

type EngineSettings = {
  store: JobStore;
  channel: string;
  handlers: Map<string, JobHandler<any>>;
  logger: LoggerService;
  slots: JobSlots;
  globalSlots: JobSlots;
  workerId: string;
  heartbeatIntervalMs: number;
  staleAfterMs: number;
  pollIntervalMs: number;
  run: JobRunOptions;
};

class DatabaseJobEngine implements JobEngine {
  private readonly store: JobStore;
  private readonly logger: LoggerService;
  private readonly runs = new Map<
    string,
    { run: JobRun; done: Promise<void> }
  >();
  /** Emits a job's id whenever this engine committed a change to it. */
  private readonly changes = new EventEmitter();
  private running = false;
  private stopController?: AbortController;
  private loop?: Promise<void>;
  private listener?: PgListener;
  private tick?: NodeJS.Timeout;
  private ticking = false;
  /** A wake-up came while the loop was busy: look again before sleeping. */
  private wakePending = false;
  private wakeSleeper?: () => void;
  /** Tells this instance's own NOTIFYs from other replicas'. */
  private readonly instanceId = randomUUID();

  constructor(private readonly settings: EngineSettings) {
    this.store = settings.store;
    this.logger = settings.logger.child({
      worker: settings.workerId,
    });
    this.changes.setMaxListeners(0);
  }

  async start(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    this.stopController = new AbortController();
    if (this.store.isPostgres) {
      this.listener = new PgListener(
        this.store.db,
        this.settings.channel,
        payload => this.onNotification(payload),
        this.logger,
      );
      await this.listener.start();
    }
    this.tick = setInterval(
      () => void this.onTick(),
      Math.min(this.settings.heartbeatIntervalMs, this.settings.staleAfterMs),
    );
    this.loop = this.claimLoop(this.stopController.signal);
    // Jobs of a worker that died while this one was down.
    void this.onTick();
  }

  async stop(): Promise<void> {
    if (!this.running) {
      return;
    }
    this.running = false;
    this.stopController?.abort();
    this.wake();
    clearInterval(this.tick);
    await this.listener?.stop();
    this.listener = undefined;
    await this.loop;
    const runs = [...this.runs.values()];
    for (const { run } of runs) {
      run.abort('shutdown');
    }
    await Promise.all(runs.map(r => r.done));
    // A heartbeat or sweep under way finishes before the caller closes the database.
    while (this.ticking) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  private onNotification(payload: string | undefined) {
    if (payload === undefined) {
      this.wake();
      return;
    }
    try {
      const message = JSON.parse(payload) as {
        queued?: string;
        cancel?: string;
        from?: string;
      };
      // This engine's own enqueue woke it already.
      if (message.queued && message.from !== this.instanceId) {
        this.wake();
      }
      if (message.cancel) {
        this.runs.get(message.cancel)?.run.abort('cancelled');
      }
    } catch {
      this.wake();
    }
  }

  private wake() {
    this.wakePending = true;
    this.wakeSleeper?.();
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeSleeper = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wakeSleeper = done;
    });
  }

  /** Claims a job whenever both a slot of this engine and a global one are free. */
  private async claimLoop(signal: AbortSignal): Promise<void> {
    const { slots, globalSlots } = this.settings;
    const kinds = [...this.settings.handlers.keys()];
    while (!signal.aborted) {
      if (!(await slots.acquire(signal))) break;
      if (!(await globalSlots.acquire(signal))) {
        slots.release();
        break;
      }
      this.wakePending = false;
      let claimed: ClaimedJob | undefined;
      let failed = false;
      try {
        claimed = await this.store.claim(kinds, this.settings.workerId);
      } catch (error) {
        failed = true;
        this.logger.warn(`Job engine: claiming failed: ${error}`);
      }
      if (claimed) {
        this.runClaimed(claimed);
        continue;
      }
      globalSlots.release();
      slots.release();
      if (this.wakePending && !failed) {
        continue;
      }
      await this.sleep(
        failed ? CLAIM_ERROR_PAUSE_MS : this.settings.pollIntervalMs,
        signal,
      );
    }
  }

  private runClaimed(claimed: ClaimedJob) {
    const { job } = claimed;
    const handler = this.settings.handlers.get(job.kind)!;
    const run = new JobRun(claimed, handler, {
      store: this.store,
      workerId: this.settings.workerId,
      logger: this.logger,
      options: this.settings.run,
      changed: id => this.changed(id),
    });
    this.logger.info(`Job ${job.id} (${job.kind}) started`);
    const done = run
      .run()
      .catch(error =>
        this.logger.error(`Job ${job.id} (${job.kind}) crashed: ${error}`),
      )
      .finally(() => {
        this.runs.delete(job.id);
        this.settings.globalSlots.release();
        this.settings.slots.release();
        this.changed(job.id);
        this.logger.info(`Job ${job.id} (${job.kind}) ended`);
      });
    this.runs.set(job.id, { run, done });
    this.changed(job.id);
  }

  private changed(jobId: string) {
    this.changes.emit('change', jobId);
  }

  /** Heartbeats for this engine's jobs, cancel requests, and the sweep for dead workers. */
  private async onTick() {
    if (this.ticking || !this.running) {
      return;
    }
    this.ticking = true;
    try {
      const ids = [...this.runs.entries()]
        .filter(([, { run }]) => !run.isEnding)
        .map(([id]) => id);
      if (ids.length > 0) {
        const { lost, cancelRequested } = await this.store.heartbeat(
          this.settings.workerId,
          ids,
        );
        for (const id of lost) {
          const run = this.runs.get(id)?.run;
          if (run && !run.isEnding) {
            this.logger.warn(
              `Job ${id} was taken from this worker (its heartbeat went stale); aborting it`,
            );
            run.abort('shutdown', { lost: true });
          }
        }
        for (const id of cancelRequested) {
          this.runs.get(id)?.run.abort('cancelled');
        }
      }
      const swept = await this.store.sweepStale(
        this.settings.staleAfterMs,
        INTERRUPTED,
      );
      for (const id of swept) {
        this.logger.warn(
          `Job ${id} marked interrupted: its worker stopped sending heartbeats`,
        );
        this.changed(id);
      }
    } catch (error) {
      this.logger.warn(`Job engine: heartbeat or sweep failed: ${error}`);
    } finally {
      this.ticking = false;
    }
  }

  async enqueue(input: EnqueueJobInput): Promise<Job> {
    if (!this.settings.handlers.has(input.kind)) {
      throw new InputError(
        `kind: '${input.kind}' is not a job kind this engine runs (known: ${
          [...this.settings.handlers.keys()].join(', ') || 'none'
        })`,
      );
    }
    if (typeof input.title !== 'string' || input.title.trim() === '') {
      throw new InputError('title: must not be empty');
    }
    if (typeof input.createdBy !== 'string' || input.createdBy === '') {
      throw new InputError('createdBy: must not be empty');
    }
    if (
      input.params === null ||
      typeof input.params !== 'object' ||
      Array.isArray(input.params)
    ) {
      throw new InputError('params: must be an object');
    }
    const timeoutMs = input.timeoutMs ?? null;
    if (
      timeoutMs !== null &&
      (!Number.isSafeInteger(timeoutMs) ||
        timeoutMs <= 0 ||
        timeoutMs > MAX_TIMEOUT_MS)
    ) {
      throw new InputError(
        `timeoutMs: ${timeoutMs} is not a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (about 24 days)`,
      );
    }
    const targets = (input.targets ?? []).map(t => ({
      key: t.key,
      label: t.label,
      meta: t.meta ?? {},
    }));
    const keys = new Set<string>();
    for (const target of targets) {
      if (typeof target.key !== 'string' || target.key === '') {
        throw new InputError('targets: every target needs a key');
      }
      if (keys.has(target.key)) {
        throw new InputError(`targets: the key '${target.key}' appears twice`);
      }
      keys.add(target.key);
    }
    const job: Job = {
      id: randomUUID(),
      kind: input.kind,
      title: input.title,
      subject: input.subject ?? null,
      status: 'queued',
      createdBy: input.createdBy,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      cancelRequested: false,
      timeoutMs,
      error: null,
      // What is stored, and what reads return (no undefined, no prototypes).
      params: JSON.parse(JSON.stringify(input.params)),
      rerunOf: input.rerunOf ?? null,
      progress: { total: targets.length, done: 0, failed: 0 },
    };
    await this.store.insertJob(
      { ...job, targets, secret: input.secret ?? null },
      this.instanceId,
    );
    if (this.running) {
      this.wake();
    }
    this.logger.debug(`Job ${job.id} (${job.kind}) queued`);
    // As enqueued: by now it may already run.
    return job;
  }

  get(id: string): Promise<Job | undefined> {
    return this.store.getJob(id);
  }

  async list(filter: JobListFilter): Promise<JobList> {
    const limit = filter.limit ?? DEFAULT_LIST_LIMIT;
    const offset = filter.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new InputError(`limit: must be between 1 and ${MAX_LIST_LIMIT}`);
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new InputError('offset: must be 0 or more');
    }
    for (const status of filter.status ?? []) {
      if (!JOB_STATUSES.includes(status)) {
        throw new InputError(`status: '${status}' is not a job status`);
      }
    }
    return this.store.listJobs({ ...filter, limit, offset });
  }

  private async mustExist(id: string): Promise<Job> {
    const job = await this.store.getJob(id);
    if (!job) {
      throw new NotFoundError(`job '${id}' not found`);
    }
    return job;
  }

  async getTargets(id: string): Promise<JobTarget[]> {
    await this.mustExist(id);
    return this.store.getTargets(id);
  }

  async getLogs(
    id: string,
    options?: { after?: number; limit?: number },
  ): Promise<JobLogChunk[]> {
    const after = options?.after ?? 0;
    const limit = Math.min(options?.limit ?? MAX_LOG_PAGE, MAX_LOG_PAGE);
    if (!Number.isInteger(after) || after < 0) {
      throw new InputError('after: must be 0 or more');
    }
    if (!Number.isInteger(limit) || limit < 1) {
      throw new InputError('limit: must be 1 or more');
    }
    await this.mustExist(id);
    return this.store.getLogs(id, after, limit);
  }

  async cancel(id: string, requester: JobRequester): Promise<Job> {
    const job = await this.mustExist(id);
    if (
      job.createdBy !== requester.actor &&
      !(await requester.mayActOnOthers())
    ) {
      throw new NotAllowedError(
        `Only ${userName(
          job.createdBy,
        )}, who started it, or an Admin may cancel it`,
      );
    }
    const outcome = await this.store.cancel(id, CANCELLED_BEFORE_START);
    if (outcome === 'requested') {
      this.runs.get(id)?.run.abort('cancelled');
    }
    this.changed(id);
    return this.mustExist(id);
  }

  async rerun(id: string, options: RerunJobOptions): Promise<Job> {
    const source = await this.mustExist(id);
    if (!isFinalJobStatus(source.status)) {
      throw new ConflictError(
        `job '${id}' is still ${source.status}; it can be re-run once it ended`,
      );
    }
    let targets = await this.store.getTargets(id);
    if (options.targets === 'failed') {
      targets = targets.filter(
        t => t.status === 'failed' || t.status === 'cancelled',
      );
      if (targets.length === 0) {
        throw new InputError(
          `job '${id}' has no failed or cancelled targets to re-run`,
        );
      }
    }
    // The meta as enqueued, without what the handler added.
    const enqueuedMeta = await this.store.getEnqueuedMeta(id);
    return this.enqueue({
      kind: source.kind,
      title: source.title,
      subject: source.subject,
      params: source.params,
      targets: targets.map(t => ({
        key: t.key,
        label: t.label,
        meta: enqueuedMeta.get(t.key) ?? {},
      })),
      timeoutMs: source.timeoutMs,
      createdBy: options.createdBy,
      secret: options.secret ?? null,
      rerunOf: id,
    });
  }

  streamEvents(id: string, req: Request, res: Response): Promise<void> {
    return streamJobEvents(
      {
        getJob: jobId => this.store.getJob(jobId),
        getTargets: jobId => this.store.getTargets(jobId),
        getLogs: (jobId, after, limit) =>
          this.store.getLogs(jobId, after, limit),
        subscribe: (jobId, listener) => {
          const onChange = (changed: string) => {
            if (changed === jobId) listener();
          };
          this.changes.on('change', onChange);
          return () => this.changes.off('change', onChange);
        },
        runsHere: jobId => this.runs.has(jobId),
        pollMs: STREAM_POLL_MS,
      },
      id,
      req,
      res,
    );
  }
}

/**
 * Creates the job engine of one plugin, in that plugin's database, and runs
 * its migrations (unless the database says to skip them). Call `start()` to
 * run jobs on this instance and `stop()` at shutdown.
 *
 * @public
 */
export async function createJobEngine(
  options: CreateJobEngineOptions,
): Promise<JobEngine> {
  const config = options.config;
  const concurrency =
    options.concurrency ??
    config?.getOptionalNumber(`jobs.concurrency.plugins.${options.pluginId}`) ??
    DEFAULT_PLUGIN_CONCURRENCY;
  const handlers = new Map<string, JobHandler<any>>();
  for (const handler of options.handlers) {
    if (handlers.has(handler.kind)) {
      throw new TypeError(
        `createJobEngine: two handlers for the kind '${handler.kind}'`,
      );
    }
    handlers.set(handler.kind, handler);
  }
  const channel = channelFor(options.pluginId);
  const store = await JobStore.create({ database: options.database, channel });
  return new DatabaseJobEngine({
    store,
    channel,
    handlers,
    logger: options.logger,
    slots: new JobSlots(concurrency),
    globalSlots: options.globalLimiter ?? processWideSlots(config),
    workerId:
      options.workerId ??
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    heartbeatIntervalMs: positive(
      'heartbeatIntervalMs',
      options.heartbeatIntervalMs ?? 2000,
    ),
    staleAfterMs: positive('staleAfterMs', options.staleAfterMs ?? 15_000),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs ?? 5000),
    run: {
      logFlushMs: positive('logFlushMs', options.logFlushMs ?? 200),
      maxOutputChars: positive(
        'maxOutputChars',
        options.maxOutputChars ?? 65_536,
      ),
      abortGraceMs: positive('abortGraceMs', options.abortGraceMs ?? 5000),
    },
  });
}
