import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { JobLogStream } from '@opssight/plugin-jobs-common';
import {
  ClaimedJob,
  JobEnding,
  JobStore,
  NewLogChunk,
} from './database/JobStore';
import {
  JobAbortReason,
  JobContext,
  JobHandler,
  JobTargetResult,
} from './types';

/** Buffered log text that makes the next flush happen at once. */
const FLUSH_NOW_CHARS = 256 * 1024;
/** Consecutive lines of one stream and target are joined up to this size. */
const CHUNK_CHARS = 16 * 1024;
/** Log kept in memory while the database is away; beyond it, it is dropped. */
const MAX_UNWRITTEN_CHARS = 8 * 1024 * 1024;

export type JobRunOptions = {
  logFlushMs: number;
  maxOutputChars: number;
  abortGraceMs: number;
};

type Outcome =
  | { kind: 'returned' }
  | { kind: 'threw'; error: unknown }
  | { kind: 'abandoned' };

function cap(text: string, max: number): { text: string; truncated: boolean } {
  return text.length > max
    ? { text: text.slice(0, max), truncated: true }
    : { text, truncated: false };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One job on this worker: the handler's context, its buffered log, the
 * abort signal with its grace, and how the job ends.
 */
export class JobRun {
  readonly id: string;
  private readonly controller = new AbortController();
  /** Set once the job's end is being written; later calls from the handler are ignored. */
  private ended = false;
  /** The sweep (or a heartbeat) found the job is no longer ours. */
  private lost = false;
  private buffer: NewLogChunk[] = [];
  private bufferedChars = 0;
  private flushTimer?: NodeJS.Timeout;
  private flushChain: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly targetKeys: Set<string>;
  private readonly startedAt = new Map<string, number>();

  constructor(
    private readonly claimed: ClaimedJob,
    private readonly handler: JobHandler<any>,
    private readonly deps: {
      store: JobStore;
      workerId: string;
      logger: LoggerService;
      options: JobRunOptions;
      /** Something about the job changed and is committed. */
      changed(jobId: string): void;
    },
  ) {
    this.id = claimed.job.id;
    this.targetKeys = new Set(claimed.targets.map(t => t.key));
  }

  /** The job's end is being written. */
  get isEnding(): boolean {
    return this.ended;
  }

  abort(reason: JobAbortReason, options?: { lost?: boolean }) {
    if (options?.lost) {
      this.lost = true;
    }
    if (!this.controller.signal.aborted) {
      this.controller.abort(reason);
    }
  }

  /** Runs the handler to the job's end; never throws. */
  async run(): Promise<void> {
    const { job } = this.claimed;
    const signal = this.controller.signal;
    const timeout =
      job.timeoutMs !== null
        ? setTimeout(() => this.abort('timeout'), job.timeoutMs)
        : undefined;
    let grace: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const abandoned = new Promise<Outcome>(resolve => {
      onAbort = () => {
        grace = setTimeout(
          () => resolve({ kind: 'abandoned' }),
          this.deps.options.abortGraceMs,
        );
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    const handled = Promise.resolve()
      .then(() => this.handler.run(this.context()))
      .then(
        (): Outcome => ({ kind: 'returned' }),
        (error): Outcome => ({ kind: 'threw', error }),
      );
    let outcome: Outcome;
    try {
      outcome = await Promise.race([handled, abandoned]);
    } finally {
      clearTimeout(timeout);
      clearTimeout(grace);
      signal.removeEventListener('abort', onAbort!);
    }
    if (outcome.kind === 'abandoned') {
      this.deps.logger.warn(
        `Job ${job.id} (${job.kind}): the handler did not return within ${this.deps.options.abortGraceMs} ms of being aborted (${signal.reason}); ending the job without it`,
      );
    }
    await this.end(outcome);
  }

  private ending(outcome: Outcome): JobEnding {
    const signal = this.controller.signal;
    if (signal.aborted) {
      const reason = signal.reason as JobAbortReason;
      if (reason === 'cancelled') {
        return {
          status: 'cancelled',
          error: null,
          unfinishedTargets: {
            status: 'cancelled',
            errorKind: null,
            errorMessage: 'the job was cancelled',
          },
          logLine: 'Job cancelled.',
        };
      }
      if (reason === 'timeout') {
        const error = `timed out after ${this.claimed.job.timeoutMs} ms`;
        return {
          status: 'timed_out',
          error,
          unfinishedTargets: {
            status: 'failed',
            errorKind: 'timeout',
            errorMessage: `the job ${error}`,
          },
          logLine: `Job ${error}.`,
        };
      }
      return {
        status: 'interrupted',
        error: 'the worker running the job stopped (shutdown)',
        unfinishedTargets: {
          status: 'cancelled',
          errorKind: null,
          errorMessage: 'the worker running the job stopped',
        },
        logLine: 'Job interrupted: the worker running it shut down.',
      };
    }
    if (outcome.kind === 'threw') {
      const error = errorMessage(outcome.error);
      return {
        status: 'failed',
        error,
        unfinishedTargets: {
          status: 'failed',
          errorKind: null,
          errorMessage: `the job failed: ${error}`,
        },
        logLine: `Job failed: ${error}`,
      };
    }
    return {
      // Refined by JobStore from the targets: any failed target fails the job.
      status: 'succeeded',
      error: null,
      unfinishedTargets: {
        status: 'failed',
        errorKind: null,
        errorMessage: 'the job ended without a result for this target',
      },
    };
  }

  private async end(outcome: Outcome): Promise<void> {
    this.ended = true;
    const { job } = this.claimed;
    await Promise.allSettled([...this.inFlight]);
    const ending = this.ending(outcome);
    try {
      await this.flush();
      if (this.lost) {
        return;
      }
      const finished = await this.deps.store.finishJob(
        job.id,
        this.deps.workerId,
        ending,
      );
      if (!finished) {
        this.deps.logger.warn(
          `Job ${job.id} (${job.kind}) was no longer this worker's when it ended; its state was left as found`,
        );
      }
    } catch (error) {
      // The job stays `running` without heartbeats: a sweep marks it
      // interrupted after staleAfterMs.
      this.deps.logger.error(
        `Job ${job.id} (${job.kind}): could not record its end: ${errorMessage(
          error,
        )}`,
      );
    } finally {
      this.deps.changed(job.id);
    }
  }

  /** Tracks a handler's call so the end waits for it. */
  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    promise.then(
      () => this.inFlight.delete(promise),
      () => this.inFlight.delete(promise),
    );
    return promise;
  }

  private checkTarget(key: string) {
    if (!this.targetKeys.has(key)) {
      throw new InputError(
        `job ${this.id} has no target '${key}' (targets are fixed at enqueue)`,
      );
    }
  }

  private context(): JobContext<JsonObject> {
    const { job, targets, secret } = this.claimed;
    return {
      job,
      params: job.params,
      targets,
      secret,
      signal: this.controller.signal,
      log: (text, options) => this.log(text, options),
      startTarget: async key => {
        this.checkTarget(key);
        if (this.ended) {
          return;
        }
        const now = Date.now();
        this.startedAt.set(key, now);
        await this.track(
          this.deps.store.startTarget(job.id, key, new Date(now).toISOString()),
        );
        this.deps.changed(job.id);
      },
      finishTarget: async (key, result) => {
        this.checkTarget(key);
        if (this.ended) {
          return;
        }
        await this.track(this.finishTarget(key, result));
        this.deps.changed(job.id);
      },
    };
  }

  private async finishTarget(key: string, result: JobTargetResult) {
    const max = this.deps.options.maxOutputChars;
    const stdout = cap(result.stdout ?? '', max);
    const stderr = cap(result.stderr ?? '', max);
    const now = Date.now();
    const started = this.startedAt.get(key);
    await this.deps.store.finishTarget(this.id, key, {
      status: result.status,
      exitCode: result.exitCode ?? null,
      stdout: stdout.text,
      stderr: stderr.text,
      stdoutTruncated: stdout.truncated,
      stderrTruncated: stderr.truncated,
      finishedAt: new Date(now).toISOString(),
      durationMs: started === undefined ? null : now - started,
      errorKind: result.errorKind ?? null,
      errorMessage: result.errorMessage ?? null,
      meta: result.meta,
    });
  }

  private log(
    text: string,
    options?: { stream?: JobLogStream; target?: string },
  ) {
    if (this.ended || text.length === 0) {
      return;
    }
    const at = new Date().toISOString();
    const stream = options?.stream ?? 'stdout';
    const target = options?.target ?? null;
    const last = this.buffer[this.buffer.length - 1];
    if (
      last &&
      last.stream === stream &&
      last.target === target &&
      last.text.length + text.length <= CHUNK_CHARS
    ) {
      last.text += text;
    } else {
      for (let i = 0; i < text.length; i += CHUNK_CHARS) {
        this.buffer.push({
          at,
          stream,
          target,
          text: text.slice(i, i + CHUNK_CHARS),
        });
      }
    }
    this.bufferedChars += text.length;
    if (this.bufferedChars >= FLUSH_NOW_CHARS) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      void this.flush();
    } else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        void this.flush();
      }, this.deps.options.logFlushMs);
    }
  }

  /** Writes what is buffered, after any write already under way. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushChain = this.flushChain.then(async () => {
      if (this.buffer.length === 0) {
        return;
      }
      const chunks = this.buffer;
      this.buffer = [];
      this.bufferedChars = 0;
      try {
        await this.deps.store.appendLogs(this.id, chunks);
        this.deps.changed(this.id);
      } catch (error) {
        this.deps.logger.warn(
          `Job ${this.id}: could not write ${
            chunks.length
          } log chunk(s): ${errorMessage(error)}`,
        );
        const failedChars = chunks.reduce((n, c) => n + c.text.length, 0);
        if (
          !this.ended &&
          this.bufferedChars + failedChars <= MAX_UNWRITTEN_CHARS
        ) {
          // Kept for the next flush, in front of what came since.
          this.buffer = [...chunks, ...this.buffer];
          this.bufferedChars += failedChars;
        }
      }
    });
    return this.flushChain;
  }
}
