import type { Job, JobLogChunk, JobTarget } from '@opssight/plugin-jobs-common';

/**
 * A job for tests and stories: a finished bulk script unless overridden.
 *
 * @public
 */
export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    kind: 'bulk-script',
    title: 'Run uptime on web',
    subject: null,
    status: 'succeeded',
    createdBy: 'user:default/alice',
    createdAt: '2026-01-05T10:00:00.000Z',
    startedAt: '2026-01-05T10:00:01.000Z',
    finishedAt: '2026-01-05T10:00:13.000Z',
    cancelRequested: false,
    timeoutMs: null,
    error: null,
    params: {},
    rerunOf: null,
    progress: { total: 0, done: 0, failed: 0 },
    ...overrides,
  };
}

/**
 * A job running on `total` targets, none of them done yet.
 *
 * @public
 */
export function makeRunningJob(total: number): Job {
  return makeJob({
    status: 'running',
    finishedAt: null,
    progress: { total, done: 0, failed: 0 },
  });
}

/**
 * A job done with its `total` targets, `failed` of them failed.
 *
 * @public
 */
export function makeFailedJob(total: number, failed: number): Job {
  return makeJob({
    status: 'failed',
    progress: { total, done: total, failed },
  });
}

/**
 * A target for tests and stories: a host that ran its command successfully,
 * unless overridden.
 *
 * @public
 */
export function makeJobTarget(overrides: Partial<JobTarget> = {}): JobTarget {
  const key = overrides.key ?? 'node-1';
  return {
    key,
    label: key,
    status: 'succeeded',
    exitCode: 0,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    startedAt: '2026-01-05T10:00:01.000Z',
    finishedAt: '2026-01-05T10:00:02.200Z',
    durationMs: 1200,
    errorKind: null,
    errorMessage: null,
    meta: {},
    ...overrides,
  };
}

/**
 * A log chunk for tests and stories.
 *
 * @public
 */
export function makeJobLogChunk(
  seq: number,
  text: string,
  overrides: Partial<JobLogChunk> = {},
): JobLogChunk {
  return {
    seq,
    at: '2026-01-05T10:00:01.000Z',
    stream: 'stdout',
    target: null,
    text,
    ...overrides,
  };
}
