import { pageOfRows } from '@opssight/plugin-http-node';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  Job,
  JobList,
  JobLogChunk,
  JobLogStream,
  JobProgress,
  JobStatus,
  JobTarget,
  TargetErrorKind,
  TargetStatus,
} from '@opssight/plugin-jobs-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@opssight/plugin-jobs-node',
  'migrations',
);

/** Its own, so the owning plugin's `knex_migrations` never sees ours. */
export const MIGRATIONS_TABLE = 'opssight_jobs_migrations';

const JOBS = 'opssight_jobs';
const TARGETS = 'opssight_job_targets';
const LOGS = 'opssight_job_log_chunks';
const SECRETS = 'opssight_job_secrets';

/** Rows per INSERT: well under SQLite's limit on bound variables. */
const INSERT_BATCH = 50;

const FINAL_TARGET_STATUSES: TargetStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
];
const LIVE_TARGET_STATUSES: TargetStatus[] = ['pending', 'running'];

type JobRow = {
  id: string;
  kind: string;
  title: string;
  subject: string | null;
  status: JobStatus;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested: boolean | number;
  timeout_ms: number | string | null;
  error: string | null;
  params: string;
  rerun_of: string | null;
  worker_id: string | null;
  heartbeat_at: number | string | null;
  log_seq: number | string;
};

type TargetRow = {
  job_id: string;
  target_key: string;
  position: number;
  label: string;
  status: TargetStatus;
  exit_code: number | null;
  stdout: string;
  stderr: string;
  stdout_truncated: boolean | number;
  stderr_truncated: boolean | number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | string | null;
  error_kind: TargetErrorKind | null;
  error_message: string | null;
  meta: string;
  result_meta: string | null;
};

type LogRow = {
  job_id: string;
  seq: number;
  at: string;
  stream: JobLogStream;
  target_key: string | null;
  text: string;
};

export type NewJob = {
  id: string;
  kind: string;
  title: string;
  subject: string | null;
  params: JsonObject;
  targets: Array<{ key: string; label: string; meta: JsonObject }>;
  timeoutMs: number | null;
  createdBy: string;
  createdAt: string;
  secret: JsonObject | null;
  rerunOf: string | null;
};

export type NewLogChunk = Omit<JobLogChunk, 'seq'>;

/** A job this worker just took, with what only the worker may see. */
export type ClaimedJob = {
  job: Job;
  targets: JobTarget[];
  secret: JsonObject | null;
};

/** How a job ends, as its worker (or the sweep, or cancel) decided. */
export type JobEnding = {
  status: Exclude<JobStatus, 'queued' | 'running'>;
  error: string | null;
  /** What becomes of the targets that were still pending or running. */
  unfinishedTargets: {
    status: 'failed' | 'cancelled';
    errorKind: TargetErrorKind | null;
    errorMessage: string;
  };
  /** A system line for the job's log, when the ending deserves one. */
  logLine?: string;
};

export type HeartbeatResult = {
  /** Jobs that are no longer this worker's to run (swept, or gone). */
  lost: string[];
  /** Jobs someone asked to cancel. */
  cancelRequested: string[];
};

function bool(value: boolean | number): boolean {
  return Boolean(value);
}

function numberOrNull(value: number | string | null): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toJob(row: JobRow, progress: JobProgress): Job {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    subject: row.subject ?? null,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at ?? null,
    finishedAt: row.finished_at ?? null,
    cancelRequested: bool(row.cancel_requested),
    timeoutMs: numberOrNull(row.timeout_ms),
    error: row.error ?? null,
    params: JSON.parse(row.params),
    rerunOf: row.rerun_of ?? null,
    progress,
  };
}

function toTarget(row: TargetRow): JobTarget {
  return {
    key: row.target_key,
    label: row.label,
    status: row.status,
    exitCode: row.exit_code ?? null,
    stdout: row.stdout,
    stderr: row.stderr,
    stdoutTruncated: bool(row.stdout_truncated),
    stderrTruncated: bool(row.stderr_truncated),
    startedAt: row.started_at ?? null,
    finishedAt: row.finished_at ?? null,
    durationMs: numberOrNull(row.duration_ms),
    errorKind: row.error_kind ?? null,
    errorMessage: row.error_message ?? null,
    meta: {
      ...JSON.parse(row.meta),
      ...(row.result_meta ? JSON.parse(row.result_meta) : {}),
    },
  };
}

function toChunk(row: LogRow): JobLogChunk {
  return {
    seq: Number(row.seq),
    at: row.at,
    stream: row.stream,
    target: row.target_key ?? null,
    text: row.text,
  };
}

const NO_PROGRESS: JobProgress = { total: 0, done: 0, failed: 0 };

/**
 * The job engine's tables in the owning plugin's database. Every state change
 * is a conditional update (`where status = …`), so two replicas racing for
 * the same job cannot both win.
 */
export class JobStore {
  static async create(options: {
    database: DatabaseService;
    /** PostgreSQL NOTIFY channel for wake-ups; ignored elsewhere. */
    channel: string;
  }): Promise<JobStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    if (String(db.client.config.client).includes('sqlite')) {
      // The engine commits often (claims, heartbeats, a log batch per job
      // every logFlushMs), and better-sqlite3 commits on the event loop. The
      // default rollback journal syncs the disk several times per commit
      // (~15 ms each on a busy disk); with a write-ahead log and syncs only at
      // checkpoints, a crash can lose the last commits but never the file.
      // The same setting the terminal plugin uses; a no-op in memory.
      await db.raw('PRAGMA journal_mode = WAL');
      await db.raw('PRAGMA synchronous = NORMAL');
    }
    return new JobStore(db, options.channel);
  }

  readonly isPostgres: boolean;

  private constructor(readonly db: Knex, private readonly channel: string) {
    this.isPostgres = String(db.client.config.client).match(/^(pg|postgres)/i)
      ? true
      : false;
  }

  /** SQL for milliseconds since the epoch by the database's clock. */
  private get nowMsSql(): string {
    if (this.isPostgres) {
      return '(extract(epoch from clock_timestamp()) * 1000)::bigint';
    }
    if (String(this.db.client.config.client).includes('mysql')) {
      return 'CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS UNSIGNED)';
    }
    return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  }

  /** Queued inside the transaction, delivered by PostgreSQL on commit. */
  private async notify(
    tx: Knex.Transaction,
    message: { queued?: string; cancel?: string; from?: string },
  ): Promise<void> {
    if (this.isPostgres) {
      await tx.raw('select pg_notify(?, ?)', [
        this.channel,
        JSON.stringify(message),
      ]);
    }
  }

  /** `from`: the engine that enqueues, so that it can skip its own wake-up. */
  async insertJob(job: NewJob, from: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx<JobRow>(JOBS).insert({
        id: job.id,
        kind: job.kind,
        title: job.title,
        subject: job.subject,
        status: 'queued',
        created_by: job.createdBy,
        created_at: job.createdAt,
        started_at: null,
        finished_at: null,
        cancel_requested: false,
        timeout_ms: job.timeoutMs,
        error: null,
        params: JSON.stringify(job.params),
        rerun_of: job.rerunOf,
        worker_id: null,
        heartbeat_at: null,
        log_seq: 0,
      });
      const rows: TargetRow[] = job.targets.map((target, position) => ({
        job_id: job.id,
        target_key: target.key,
        position,
        label: target.label,
        status: 'pending',
        exit_code: null,
        stdout: '',
        stderr: '',
        stdout_truncated: false,
        stderr_truncated: false,
        started_at: null,
        finished_at: null,
        duration_ms: null,
        error_kind: null,
        error_message: null,
        meta: JSON.stringify(target.meta),
        result_meta: null,
      }));
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await tx<TargetRow>(TARGETS).insert(rows.slice(i, i + INSERT_BATCH));
      }
      if (job.secret) {
        await tx(SECRETS).insert({
          job_id: job.id,
          secret: JSON.stringify(job.secret),
        });
      }
      await this.notify(tx, { queued: job.id, from });
    });
  }

  private async progressOf(
    db: Knex | Knex.Transaction,
    ids: string[],
  ): Promise<Map<string, JobProgress>> {
    const result = new Map<string, JobProgress>();
    if (ids.length === 0) {
      return result;
    }
    const finalList = FINAL_TARGET_STATUSES.map(s => `'${s}'`).join(', ');
    const rows: Array<{
      job_id: string;
      total: number | string;
      done: number | string | null;
      failed: number | string | null;
    }> = await db(TARGETS)
      .whereIn('job_id', ids)
      .groupBy('job_id')
      .select(
        'job_id',
        db.raw('count(*) as total'),
        db.raw(
          `sum(case when status in (${finalList}) then 1 else 0 end) as done`,
        ),
        db.raw(`sum(case when status = 'failed' then 1 else 0 end) as failed`),
      );
    for (const row of rows) {
      result.set(row.job_id, {
        total: Number(row.total),
        done: Number(row.done ?? 0),
        failed: Number(row.failed ?? 0),
      });
    }
    return result;
  }

  private async toJobs(
    db: Knex | Knex.Transaction,
    rows: JobRow[],
  ): Promise<Job[]> {
    const progress = await this.progressOf(
      db,
      rows.map(r => r.id),
    );
    return rows.map(row => toJob(row, progress.get(row.id) ?? NO_PROGRESS));
  }

  async getJob(
    id: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<Job | undefined> {
    const row = await db<JobRow>(JOBS).where({ id }).first();
    if (!row) {
      return undefined;
    }
    return (await this.toJobs(db, [row]))[0];
  }

  async listJobs(filter: {
    subject?: string;
    kind?: string;
    createdBy?: string;
    status?: JobStatus[];
    limit: number;
    offset: number;
  }): Promise<JobList> {
    const filtered = this.db<JobRow>(JOBS).where(q => {
      if (filter.subject !== undefined) q.where('subject', filter.subject);
      if (filter.kind !== undefined) q.where('kind', filter.kind);
      if (filter.createdBy !== undefined) {
        q.where('created_by', filter.createdBy);
      }
      if (filter.status && filter.status.length > 0) {
        q.whereIn('status', filter.status);
      }
    });
    const { rows, totalCount } = await pageOfRows<JobRow>(filtered, {
      ...filter,
      orderBy: [
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ],
    });
    return { items: await this.toJobs(this.db, rows), totalCount };
  }

  async getTargets(
    jobId: string,
    db: Knex | Knex.Transaction = this.db,
  ): Promise<JobTarget[]> {
    const rows = await db<TargetRow>(TARGETS)
      .where({ job_id: jobId })
      .orderBy('position');
    return rows.map(toTarget);
  }

  /** Each target's meta as enqueued, without what its handler added. */
  async getEnqueuedMeta(jobId: string): Promise<Map<string, JsonObject>> {
    const rows = await this.db<TargetRow>(TARGETS)
      .where({ job_id: jobId })
      .select('target_key', 'meta');
    return new Map(rows.map(r => [r.target_key, JSON.parse(r.meta)]));
  }

  async getLogs(
    jobId: string,
    after: number,
    limit: number,
  ): Promise<JobLogChunk[]> {
    const rows = await this.db<LogRow>(LOGS)
      .where('job_id', jobId)
      .andWhere('seq', '>', after)
      .orderBy('seq')
      .limit(limit);
    return rows.map(toChunk);
  }

  /**
   * Appends chunks with the next seq numbers. The counter lives on the job's
   * row: incrementing it locks the row until commit, so writers of one job
   * take turns and chunks become visible in seq order, without gaps.
   */
  async appendLogs(
    jobId: string,
    chunks: NewLogChunk[],
    db?: Knex.Transaction,
  ): Promise<JobLogChunk[]> {
    if (chunks.length === 0) {
      return [];
    }
    const write = async (tx: Knex.Transaction) => {
      await tx(JOBS).where({ id: jobId }).increment('log_seq', chunks.length);
      const row = await tx<JobRow>(JOBS).where({ id: jobId }).first('log_seq');
      if (!row) {
        throw new NotFoundError(`job '${jobId}' not found`);
      }
      const first = Number(row.log_seq) - chunks.length + 1;
      const written: JobLogChunk[] = chunks.map((chunk, i) => ({
        ...chunk,
        seq: first + i,
      }));
      const rows: LogRow[] = written.map(chunk => ({
        job_id: jobId,
        seq: chunk.seq,
        at: chunk.at,
        stream: chunk.stream,
        target_key: chunk.target,
        text: chunk.text,
      }));
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await tx<LogRow>(LOGS).insert(rows.slice(i, i + INSERT_BATCH));
      }
      return written;
    };
    return db ? write(db) : this.db.transaction(write);
  }

  /**
   * Takes the oldest queued job of one of `kinds` for `workerId`, in one
   * statement: `UPDATE … WHERE id = (SELECT … LIMIT 1 [FOR UPDATE SKIP
   * LOCKED]) AND status = 'queued' RETURNING *`. On PostgreSQL concurrent
   * claims skip each other's rows instead of waiting; on SQLite the one
   * writer at a time does the same.
   */
  async claim(
    kinds: string[],
    workerId: string,
  ): Promise<ClaimedJob | undefined> {
    let oldest = this.db<JobRow>(JOBS)
      .select('id')
      .where('status', 'queued')
      .whereIn('kind', kinds)
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(1);
    if (this.isPostgres) {
      oldest = oldest.forUpdate().skipLocked();
    }
    const rows: JobRow[] = await this.db<JobRow>(JOBS)
      .where('id', oldest)
      .andWhere('status', 'queued')
      .update({
        status: 'running',
        worker_id: workerId,
        started_at: new Date().toISOString(),
        heartbeat_at: this.db.raw(this.nowMsSql) as any,
      })
      .returning('*');
    const row = rows[0];
    if (!row) {
      return undefined;
    }
    // Neither changes while the job runs: targets change only through its
    // worker, and the secret goes only when the job ends.
    const [targets, secretRow] = await Promise.all([
      this.getTargets(row.id),
      this.db(SECRETS).where({ job_id: row.id }).first('secret') as Promise<
        { secret: string } | undefined
      >,
    ]);
    return {
      job: toJob(row, {
        total: targets.length,
        done: targets.filter(t => FINAL_TARGET_STATUSES.includes(t.status))
          .length,
        failed: targets.filter(t => t.status === 'failed').length,
      }),
      targets,
      secret: secretRow ? JSON.parse(secretRow.secret) : null,
    };
  }

  /**
   * Touches the heartbeat of the jobs this worker runs and tells which of
   * them it should stop.
   */
  async heartbeat(workerId: string, ids: string[]): Promise<HeartbeatResult> {
    if (ids.length === 0) {
      return { lost: [], cancelRequested: [] };
    }
    await this.db<JobRow>(JOBS)
      .whereIn('id', ids)
      .where({ worker_id: workerId, status: 'running' })
      .update({ heartbeat_at: this.db.raw(this.nowMsSql) as any });
    const rows = await this.db<JobRow>(JOBS)
      .whereIn('id', ids)
      .select('id', 'status', 'worker_id', 'cancel_requested');
    const mine = new Map(
      rows
        .filter(r => r.status === 'running' && r.worker_id === workerId)
        .map(r => [r.id, r]),
    );
    return {
      lost: ids.filter(id => !mine.has(id)),
      cancelRequested: [...mine.values()]
        .filter(r => bool(r.cancel_requested))
        .map(r => r.id),
    };
  }

  async startTarget(jobId: string, key: string, at: string): Promise<boolean> {
    const updated = await this.db<TargetRow>(TARGETS)
      .where({ job_id: jobId, target_key: key })
      .whereIn('status', LIVE_TARGET_STATUSES)
      .update({ status: 'running', started_at: at });
    return updated === 1;
  }

  async finishTarget(
    jobId: string,
    key: string,
    result: {
      status: TargetStatus;
      exitCode: number | null;
      stdout: string;
      stderr: string;
      stdoutTruncated: boolean;
      stderrTruncated: boolean;
      finishedAt: string;
      durationMs: number | null;
      errorKind: TargetErrorKind | null;
      errorMessage: string | null;
      meta: JsonObject | undefined;
    },
  ): Promise<boolean> {
    const updated = await this.db<TargetRow>(TARGETS)
      .where({ job_id: jobId, target_key: key })
      .update({
        status: result.status,
        exit_code: result.exitCode,
        stdout: result.stdout,
        stderr: result.stderr,
        stdout_truncated: result.stdoutTruncated,
        stderr_truncated: result.stderrTruncated,
        finished_at: result.finishedAt,
        duration_ms: result.durationMs,
        error_kind: result.errorKind,
        error_message: result.errorMessage,
        result_meta: result.meta ? JSON.stringify(result.meta) : null,
      });
    return updated === 1;
  }

  /** Final state of a job and its unfinished targets; the secret goes. */
  private async end(
    tx: Knex.Transaction,
    ids: string[],
    ending: JobEnding,
  ): Promise<void> {
    const finishedAt = new Date().toISOString();
    await tx<TargetRow>(TARGETS)
      .whereIn('job_id', ids)
      .whereIn('status', LIVE_TARGET_STATUSES)
      .update({
        status: ending.unfinishedTargets.status,
        finished_at: finishedAt,
        error_kind: ending.unfinishedTargets.errorKind,
        error_message: ending.unfinishedTargets.errorMessage,
      });
    await tx(SECRETS).whereIn('job_id', ids).delete();
    if (ending.logLine) {
      for (const id of ids) {
        await this.appendLogs(
          id,
          [
            {
              at: finishedAt,
              stream: 'system',
              target: null,
              text: `${ending.logLine}\n`,
            },
          ],
          tx,
        );
      }
    }
  }

  /**
   * Ends a job its worker ran. A job that would succeed fails when a target
   * failed. Does nothing (false) when the job is no longer this worker's,
   * e.g. the sweep took it for dead.
   */
  async finishJob(
    id: string,
    workerId: string,
    ending: JobEnding,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      let query = tx<JobRow>(JOBS)
        .where({ id, status: 'running', worker_id: workerId })
        .first('id');
      if (this.isPostgres) {
        query = query.forUpdate();
      }
      if (!(await query)) {
        return false;
      }
      await this.end(tx, [id], ending);
      let status = ending.status;
      if (status === 'succeeded') {
        const [{ count }] = await tx<TargetRow>(TARGETS)
          .where({ job_id: id, status: 'failed' })
          .count({ count: '*' });
        if (Number(count) > 0) {
          status = 'failed';
        }
      }
      await tx<JobRow>(JOBS)
        .where({ id, status: 'running', worker_id: workerId })
        .update({
          status,
          finished_at: new Date().toISOString(),
          error: ending.error,
          cancel_requested: false,
        });
      return true;
    });
  }

  /**
   * A queued job ends at once; a running one is flagged (and its worker
   * woken through NOTIFY on PostgreSQL).
   */
  async cancel(
    id: string,
    ending: JobEnding,
  ): Promise<'cancelled' | 'requested'> {
    return this.db.transaction(async tx => {
      let query = tx<JobRow>(JOBS).where({ id }).first('status');
      if (this.isPostgres) {
        query = query.forUpdate();
      }
      const row = await query;
      if (!row) {
        throw new NotFoundError(`job '${id}' not found`);
      }
      if (row.status === 'queued') {
        await tx<JobRow>(JOBS).where({ id, status: 'queued' }).update({
          status: ending.status,
          finished_at: new Date().toISOString(),
          error: ending.error,
          cancel_requested: false,
        });
        await this.end(tx, [id], ending);
        return 'cancelled';
      }
      if (row.status === 'running') {
        await tx<JobRow>(JOBS)
          .where({ id, status: 'running' })
          .update({ cancel_requested: true });
        await this.notify(tx, { cancel: id });
        return 'requested';
      }
      throw new ConflictError(`job '${id}' already ended (${row.status})`);
    });
  }

  /**
   * Marks running jobs whose heartbeat is older than `staleAfterMs` as
   * ended; returns their ids.
   */
  async sweepStale(staleAfterMs: number, ending: JobEnding): Promise<string[]> {
    return this.db.transaction(async tx => {
      const stale = (q: Knex.QueryBuilder) =>
        q
          .where('status', 'running')
          .whereRaw(`heartbeat_at < ${this.nowMsSql} - ?`, [staleAfterMs]);
      let query = stale(tx<JobRow>(JOBS)).select('id').limit(100);
      if (this.isPostgres) {
        query = query.forUpdate().skipLocked();
      }
      const ids = (await query).map((r: { id: string }) => r.id);
      if (ids.length === 0) {
        return [];
      }
      const swept: string[] = [];
      for (const id of ids) {
        const updated = await stale(tx<JobRow>(JOBS).where({ id })).update({
          status: ending.status,
          finished_at: new Date().toISOString(),
          error: ending.error,
          cancel_requested: false,
        });
        if (updated === 1) {
          swept.push(id);
        }
      }
      if (swept.length > 0) {
        await this.end(tx, swept, ending);
      }
      return swept;
    });
  }
}
