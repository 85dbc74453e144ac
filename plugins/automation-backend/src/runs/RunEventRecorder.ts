import { LoggerService } from '@backstage/backend-plugin-api';
import { AnsibleEvent } from '../ansible/events';
import { RunStore } from './RunStore';

type Pending = {
  nextSeq: number;
  buffer: AnsibleEvent[];
  timer?: NodeJS.Timeout;
  /** The writes of this run, one after the other, so seq stays in order. */
  writing: Promise<void>;
};

/**
 * Stores a run's callback events in batches: one insert per `flushMs` or per
 * `maxBatch` events, never one per event (a run of 50 hosts × 10 tasks
 * makes hundreds a second).
 */
export class RunEventRecorder {
  private readonly runs = new Map<string, Pending>();
  private readonly flushMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly store: Pick<RunStore, 'appendEvents'>,
    private readonly logger: LoggerService,
    options: { flushMs?: number; maxBatch?: number } = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.maxBatch = options.maxBatch ?? 200;
  }

  record(runId: string, event: AnsibleEvent): void {
    let pending = this.runs.get(runId);
    if (!pending) {
      pending = { nextSeq: 1, buffer: [], writing: Promise.resolve() };
      this.runs.set(runId, pending);
    }
    pending.buffer.push(event);
    if (pending.buffer.length >= this.maxBatch) {
      this.write(runId, pending);
    } else if (!pending.timer) {
      pending.timer = setTimeout(
        () => this.write(runId, pending!),
        this.flushMs,
      );
    }
  }

  /** Writes what is buffered and waits for every write of the run; the run is then forgotten. */
  async flush(runId: string): Promise<void> {
    const pending = this.runs.get(runId);
    if (!pending) return;
    this.write(runId, pending);
    await pending.writing;
    if (pending.buffer.length === 0) this.runs.delete(runId);
  }

  private write(runId: string, pending: Pending) {
    clearTimeout(pending.timer);
    pending.timer = undefined;
    const batch = pending.buffer.splice(0);
    if (batch.length === 0) return;
    const firstSeq = pending.nextSeq;
    pending.nextSeq += batch.length;
    pending.writing = pending.writing.then(() =>
      this.store.appendEvents(runId, firstSeq, batch).catch(error => {
        // The log still has everything; only the grid misses these.
        this.logger.warn(
          `Could not store ${batch.length} events of run ${runId}: ${error}`,
        );
      }),
    );
  }
}
