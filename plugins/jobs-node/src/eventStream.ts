import { InputError, NotFoundError } from '@backstage/errors';
import {
  isFinalJobStatus,
  Job,
  JobEvent,
  JobLogChunk,
  JobTarget,
} from '@opssight/plugin-jobs-common';
import { drainedOrClosed } from '@opssight/plugin-http-node';
import { Request, Response } from 'express';

/** Log chunks per `log` message (and per read). */
/** The shortest time between two re-reads of a changing job, in ms. */
const REFRESH_GAP_MS = 100;
const LOG_PAGE = 200;
const PING_MS = 15_000;

export type JobEventSource = {
  getJob(id: string): Promise<Job | undefined>;
  getTargets(id: string): Promise<JobTarget[]>;
  getLogs(id: string, after: number, limit: number): Promise<JobLogChunk[]>;
  /** Calls `listener` whenever this process changed the job; returns the unsubscribe. */
  subscribe(id: string, listener: () => void): () => void;
  /** Whether the job runs in this process (then changes come through `subscribe`). */
  runsHere(id: string): boolean;
  /** How often to read the job from the database when it does not run here. */
  pollMs: number;
};

function parseCursor(req: Request): number {
  const header = req.header('last-event-id');
  // A router that validates against an OpenAPI spec hands it over as a number.
  const after: unknown = req.query.after;
  let query = '';
  if (typeof after === 'string') query = after;
  else if (typeof after === 'number') query = String(after);
  const raw = header !== undefined && header !== '' ? header : query;
  if (raw === '') {
    return 0;
  }
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new InputError(
      `after: '${raw}' is not a log position (a whole number)`,
    );
  }
  return Number(raw);
}

class JobEventStream {
  private closed = false;
  private readonly finished: Promise<void>;
  private finish!: () => void;
  private lastJob = '';
  private readonly lastTargets = new Map<string, string>();
  private refreshing = false;
  private again = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe = () => {};

  constructor(
    private readonly source: JobEventSource,
    private readonly jobId: string,
    private readonly res: Response,
    private cursor: number,
  ) {
    this.finished = new Promise(resolve => {
      this.finish = resolve;
    });
  }

  async run(first: Job): Promise<void> {
    const { res, source, jobId } = this;
    res.on('close', () => this.close());
    res.status(200);
    res.set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();

    this.unsubscribe = source.subscribe(jobId, () => this.scheduleRefresh());
    this.timers.push(
      setInterval(() => void this.write(': ping\n\n'), PING_MS),
      setInterval(() => {
        if (!source.runsHere(jobId)) {
          this.scheduleRefresh();
        }
      }, source.pollMs),
    );

    // The opening: the job, every target, the log after the cursor.
    this.refreshing = true;
    try {
      this.lastJob = JSON.stringify(first);
      await this.send({ type: 'job', job: first });
      const targets = await source.getTargets(jobId);
      for (const target of targets) {
        this.lastTargets.set(target.key, JSON.stringify(target));
      }
      await this.send({ type: 'targets', targets });
      await this.sendLogs();
      if (isFinalJobStatus(first.status)) {
        // Final before the log was read: nothing more can come.
        await this.send({ type: 'end', job: first });
        this.close();
      }
    } catch {
      this.close();
    } finally {
      this.refreshing = false;
    }
    // Whatever changed while the opening was sent.
    this.scheduleRefresh();
    await this.finished;
  }

  private close() {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.timers.forEach(timer => clearInterval(timer));
    this.unsubscribe();
    this.res.end();
    this.finish();
  }

  private async write(text: string): Promise<void> {
    const res = this.res;
    if (this.closed) {
      return;
    }
    const ok = res.write(text);
    // compression() buffers unless told to flush.
    (res as unknown as { flush?: () => void }).flush?.();
    if (!ok && !this.closed) {
      await drainedOrClosed(res);
    }
  }

  private send(event: JobEvent, id?: number): Promise<void> {
    return this.write(
      `event: ${event.type}\n${
        id !== undefined ? `id: ${id}\n` : ''
      }data: ${JSON.stringify(event)}\n\n`,
    );
  }

  private async sendLogs() {
    while (!this.closed) {
      const chunks = await this.source.getLogs(
        this.jobId,
        this.cursor,
        LOG_PAGE,
      );
      if (chunks.length === 0) {
        return;
      }
      this.cursor = chunks[chunks.length - 1].seq;
      await this.send({ type: 'log', chunks }, this.cursor);
      if (chunks.length < LOG_PAGE) {
        return;
      }
    }
  }

  /** Reads what changed and sends it; `end` once the job is final. */
  private async refresh() {
    // The job first: once it is final, every chunk was committed before it.
    const job = await this.source.getJob(this.jobId);
    if (!job) {
      this.close();
      return;
    }
    const json = JSON.stringify(job);
    if (json !== this.lastJob) {
      this.lastJob = json;
      await this.send({ type: 'job', job });
    }
    for (const target of await this.source.getTargets(this.jobId)) {
      const targetJson = JSON.stringify(target);
      if (this.lastTargets.get(target.key) !== targetJson) {
        this.lastTargets.set(target.key, targetJson);
        await this.send({ type: 'target', target });
      }
    }
    await this.sendLogs();
    if (isFinalJobStatus(job.status)) {
      await this.send({ type: 'end', job });
      this.close();
    }
  }

  /** One refresh at a time; a request during one runs another after it. */
  private scheduleRefresh() {
    if (this.closed) {
      return;
    }
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.refresh();
          if (this.again && !this.closed) {
            // A busy job (hundreds of targets finishing) changes faster than
            // anyone reads: at most one re-read per REFRESH_GAP_MS, each
            // sending everything that changed meanwhile.
            await new Promise(resolve => setTimeout(resolve, REFRESH_GAP_MS));
          }
        } while (this.again && !this.closed);
      } catch {
        // The database is away: end the stream; the client reconnects with
        // its cursor.
        this.close();
      } finally {
        this.refreshing = false;
      }
    })();
  }
}

/**
 * Streams one job's events as Server-Sent Events: `job`, `targets`, the log
 * after the cursor, then every change until `end`. Resolves when the stream
 * ends, whether the job ended or the client left.
 */
export async function streamJobEvents(
  source: JobEventSource,
  jobId: string,
  req: Request,
  res: Response,
): Promise<void> {
  const cursor = parseCursor(req);
  const first = await source.getJob(jobId);
  if (!first) {
    throw new NotFoundError(`job '${jobId}' not found`);
  }
  await new JobEventStream(source, jobId, res, cursor).run(first);
}
