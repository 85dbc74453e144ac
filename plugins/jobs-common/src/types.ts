import { JsonObject } from '@backstage/types';

/**
 * Where a job is in its life. `queued` and `running` are live; the others
 * are final.
 *
 * - `succeeded`: the handler returned and no target failed.
 * - `failed`: the handler threw, or at least one target failed.
 * - `cancelled`: someone asked for it to stop.
 * - `timed_out`: it ran longer than its `timeoutMs`.
 * - `interrupted`: the worker running it stopped sending heartbeats (the
 *   process died or lost its database); it can be re-run.
 *
 * @public
 */
export type JobStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'timed_out'
  | 'interrupted';

/** @public */
export const JOB_STATUSES: readonly JobStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'interrupted',
];

/** @public */
export const FINAL_JOB_STATUSES: readonly JobStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'interrupted',
];

/** @public */
export function isFinalJobStatus(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.includes(status);
}

/**
 * Where one target (a host, a workspace) of a job is.
 *
 * @public
 */
export type TargetStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'skipped';

/**
 * Why a target failed, in the words an operator would use:
 * - `connect`: the host could not be reached (DNS, refused, no answer).
 * - `auth`: the host refused the credential.
 * - `hostkey-unpinned`: the host has no pinned key yet, so nothing was sent
 *   to it; a connection test pins one. Not a security incident.
 * - `hostkey-changed`: the host presented another key than the pinned one:
 *   possibly an interception (or a reinstall).
 * - `timeout`: the command (or the connection) took longer than allowed.
 * - `exec`: the command ran and ended with a non-zero exit code or a signal,
 *   or could not be started.
 *
 * @public
 */
export type TargetErrorKind =
  | 'connect'
  | 'auth'
  | 'hostkey-unpinned'
  | 'hostkey-changed'
  | 'timeout'
  | 'exec';

/** @public */
export const TARGET_ERROR_KINDS: readonly TargetErrorKind[] = [
  'connect',
  'auth',
  'hostkey-unpinned',
  'hostkey-changed',
  'timeout',
  'exec',
];

/**
 * Done / total, as a progress bar shows it. `done` counts targets in a final
 * state (succeeded, failed, cancelled, skipped); `failed` is part of `done`.
 *
 * @public
 */
export type JobProgress = {
  total: number;
  done: number;
  failed: number;
};

/**
 * A job as the API returns it. Never carries a secret.
 *
 * @public
 */
export type Job = {
  id: string;
  /** What the owning plugin runs, e.g. `bulk-script`, `ansible-playbook`. */
  kind: string;
  title: string;
  /** What the job is about, for listing, e.g. `cluster:<id>`; null when nothing. */
  subject: string | null;
  status: JobStatus;
  /** The entity ref of the user who started it (or a service principal's subject). */
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Set when someone asked to cancel it, until it stops. */
  cancelRequested: boolean;
  timeoutMs: number | null;
  /** Why a failed, timed-out or interrupted job ended, when it is the job's own fault and not one target's. */
  error: string | null;
  /** The job's input, as its kind defines it; never secrets. */
  params: JsonObject;
  /** The job this one re-runs, when it does. */
  rerunOf: string | null;
  progress: JobProgress;
};

/**
 * One target's result. stdout and stderr are capped; the `…Truncated` flags
 * say when something was dropped.
 *
 * @public
 */
export type JobTarget = {
  /** Unique within the job, e.g. a machine id. */
  key: string;
  /** What to show, e.g. `node-1 (10.0.0.11)`. */
  label: string;
  status: TargetStatus;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  errorKind: TargetErrorKind | null;
  errorMessage: string | null;
  /** Anything else the kind wants to show per target (e.g. role, ip); never secrets. */
  meta: JsonObject;
};

/** @public */
export type JobLogStream = 'stdout' | 'stderr' | 'system';

/**
 * A piece of a job's log. `seq` grows by one per chunk within a job, from 1;
 * it is the cursor an event stream resumes from.
 *
 * @public
 */
export type JobLogChunk = {
  seq: number;
  at: string;
  stream: JobLogStream;
  /** The target the text came from; null for the job's own lines. */
  target: string | null;
  text: string;
};

/**
 * What a job's event stream (Server-Sent Events) sends. Every SSE message's
 * `event:` field is the `type` below and its `data:` is the JSON of the
 * whole object.
 *
 * - `job`: the job (status, progress); sent first, then whenever it changes.
 * - `targets`: every target; sent first, after `job`.
 * - `target`: one target that changed.
 * - `log`: log chunks in `seq` order. The SSE `id:` of a `log` message is the
 *   last chunk's `seq`, so a client that reconnects with `Last-Event-ID`
 *   (or `?after=<seq>`) gets only what it missed.
 * - `end`: the job is final and every log chunk has been sent; the server
 *   then closes the stream.
 *
 * @public
 */
export type JobEvent =
  | { type: 'job'; job: Job }
  | { type: 'targets'; targets: JobTarget[] }
  | { type: 'target'; target: JobTarget }
  | { type: 'log'; chunks: JobLogChunk[] }
  | { type: 'end'; job: Job };

/**
 * A page of jobs.
 *
 * @public
 */
export type JobList = {
  items: Job[];
  totalCount: number;
};
