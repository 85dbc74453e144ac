import type {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type {
  Job,
  JobList,
  JobLogChunk,
  JobLogStream,
  JobStatus,
  JobTarget,
  TargetErrorKind,
} from '@opssight/plugin-jobs-common';
import type { Request, Response } from 'express';
import type { JobSlots } from './JobSlots';

/**
 * Why a running job's signal was aborted.
 *
 * @public
 */
export type JobAbortReason = 'cancelled' | 'timeout' | 'shutdown';

/**
 * How a handler reports one target's end. The engine caps stdout and stderr
 * to `maxOutputChars` (keeping the beginning) and sets the truncated flags,
 * and computes the duration from `startTarget`.
 *
 * @public
 */
export type JobTargetResult = {
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  exitCode?: number | null;
  stdout?: string;
  stderr?: string;
  errorKind?: TargetErrorKind | null;
  errorMessage?: string | null;
  /** Merged over the target's enqueued meta. Never secrets. */
  meta?: JsonObject;
};

/**
 * What a handler gets to run one job.
 *
 * @public
 */
export interface JobContext<P = JsonObject> {
  job: Job;
  params: P;
  /** The job's targets as enqueued. */
  targets: JobTarget[];
  /**
   * What enqueue got as `secret` (e.g. sealed credential ciphertext); never
   * returned by any read, deleted when the job ends.
   */
  secret: JsonObject | null;
  /**
   * Aborted on cancel, timeout or shutdown; `signal.reason` is a
   * {@link JobAbortReason}. After it aborts, the engine waits for the handler
   * to return for a short grace, then ends the job without it.
   */
  signal: AbortSignal;
  /** Buffered, written in numbered chunks every `logFlushMs`. Default stream: stdout. */
  log(text: string, options?: { stream?: JobLogStream; target?: string }): void;
  startTarget(key: string): Promise<void>;
  finishTarget(key: string, result: JobTargetResult): Promise<void>;
}

/**
 * Runs the jobs of one kind.
 *
 * @public
 */
export interface JobHandler<P extends JsonObject = JsonObject> {
  kind: string;
  run(ctx: JobContext<P>): Promise<void>;
}

/** @public */
export type EnqueueJobInput = {
  kind: string;
  title: string;
  subject?: string | null;
  params: JsonObject;
  targets?: Array<{ key: string; label: string; meta?: JsonObject }>;
  timeoutMs?: number | null;
  createdBy: string;
  /** Handed to the handler only; deleted when the job ends. */
  secret?: JsonObject | null;
  rerunOf?: string | null;
};

/**
 * Who asks to change a job (cancel it): the owner, or someone the plugin
 * lets act on other users' jobs (its Admins).
 *
 * @public
 */
export type JobRequester = {
  /** The user asking, as the job's `createdBy` names its owner (`user:default/alice`). */
  actor: string;
  /**
   * Asked only when the job is someone else's: may this user act on other
   * users' jobs? The plugin's permission check for that (Admins).
   */
  mayActOnOthers(): Promise<boolean>;
};

/** @public */
export type JobListFilter = {
  subject?: string;
  kind?: string;
  createdBy?: string;
  status?: JobStatus[];
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
};

/** @public */
export type RerunJobOptions = {
  /**
   * `failed`: only the targets that failed or were cancelled (those a
   * cancelled, timed-out or interrupted job never finished).
   */
  targets: 'all' | 'failed';
  createdBy: string;
  /** The source job's secret is gone once it ended: pass a fresh one. */
  secret?: JsonObject | null;
};

/**
 * The job engine of one plugin.
 *
 * @public
 */
export interface JobEngine {
  /** Begins claiming and running jobs (and sweeping for dead workers); idempotent. */
  start(): Promise<void>;
  /**
   * Stops claiming; aborts running jobs with reason `shutdown`, marks them
   * `interrupted` and flushes their logs.
   */
  stop(): Promise<void>;
  enqueue(input: EnqueueJobInput): Promise<Job>;
  get(id: string): Promise<Job | undefined>;
  /** Newest first. */
  list(filter: JobListFilter): Promise<JobList>;
  /** NotFoundError for an unknown job. */
  getTargets(id: string): Promise<JobTarget[]>;
  /** Chunks with `seq > after`, in order. NotFoundError for an unknown job. */
  getLogs(
    id: string,
    options?: { after?: number; limit?: number },
  ): Promise<JobLogChunk[]>;
  /**
   * A queued job is cancelled at once; a running one gets `cancelRequested`
   * and its worker, on whichever replica, aborts it within about a heartbeat.
   * Only the job's owner may, or a requester whose `mayActOnOthers` says yes
   * (NotAllowedError otherwise, and nothing changes). NotFoundError for an
   * unknown job; ConflictError when the job already ended.
   */
  cancel(id: string, requester: JobRequester): Promise<Job>;
  /**
   * A new job with the same kind, title, subject, params and timeout, and
   * `rerunOf` = id. ConflictError while the source is still live; InputError
   * for `failed` when nothing failed.
   */
  rerun(id: string, options: RerunJobOptions): Promise<Job>;
  /**
   * The job's events as Server-Sent Events (see JobEvent in jobs-common),
   * resuming after `Last-Event-ID` or `?after=`; resolves when the stream
   * ends. NotFoundError, before anything is written, for an unknown job.
   */
  streamEvents(id: string, req: Request, res: Response): Promise<void>;
}

/** @public */
export type CreateJobEngineOptions = {
  /** The owning plugin, for config, logs and the NOTIFY channel. */
  pluginId: string;
  /** The owning plugin's database: the engine's tables live there. */
  database: DatabaseService;
  logger: LoggerService;
  /** Root config, for `jobs.concurrency.*`. */
  config?: RootConfigService;
  handlers: JobHandler<any>[];
  /** This engine's limit; default config `jobs.concurrency.plugins.<pluginId>`, else 8. */
  concurrency?: number;
  /** Default: one process-wide JobSlots of config `jobs.concurrency.global` (else 16). */
  globalLimiter?: JobSlots;
  /** Default 2000. */
  heartbeatIntervalMs?: number;
  /** A running job whose heartbeat is older is marked interrupted. Default 15000. */
  staleAfterMs?: number;
  /** Safety poll besides wake-ups. Default 5000. */
  pollIntervalMs?: number;
  /** Default 200. */
  logFlushMs?: number;
  /** Cap for each of a target's stdout and stderr. Default 65536. */
  maxOutputChars?: number;
  /** How long an aborted handler may take to return before the job is ended without it. Default 5000. */
  abortGraceMs?: number;
  /** Default: host name, process id and a random suffix. */
  workerId?: string;
};
