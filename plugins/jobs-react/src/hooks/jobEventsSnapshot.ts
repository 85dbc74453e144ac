import type {
  Job,
  JobEvent,
  JobLogChunk,
  JobTarget,
} from '@opssight/plugin-jobs-common';

/**
 * What a job's event stream has said so far.
 *
 * @public
 */
export type JobEventsSnapshot = {
  job?: Job;
  targets: JobTarget[];
  /**
   * Every log chunk in `seq` order, each once. Append-only: a new snapshot's
   * array starts with the previous one's chunks, which is what lets
   * {@link JobLogView} format only what is new.
   */
  chunks: JobLogChunk[];
  /** The highest log `seq` seen; 0 before any. The stream resumes after it. */
  lastSeq: number;
  /** True once the `end` event arrived: nothing more will change. */
  ended: boolean;
};

/** @public */
export const EMPTY_JOB_EVENTS: JobEventsSnapshot = Object.freeze({
  targets: [],
  chunks: [],
  lastSeq: 0,
  ended: false,
}) as JobEventsSnapshot;

/**
 * Folds one event into a snapshot, without changing the old one. Log chunks at
 * or below `lastSeq` are dropped: a stream resumed after a drop may repeat some.
 *
 * @public
 */
export function applyJobEvent(
  snapshot: JobEventsSnapshot,
  event: JobEvent,
): JobEventsSnapshot {
  switch (event.type) {
    case 'job':
      return { ...snapshot, job: event.job };
    case 'end':
      return { ...snapshot, job: event.job, ended: true };
    case 'targets':
      return { ...snapshot, targets: event.targets };
    case 'target': {
      const index = snapshot.targets.findIndex(t => t.key === event.target.key);
      const targets =
        index === -1
          ? [...snapshot.targets, event.target]
          : snapshot.targets.map((t, i) => (i === index ? event.target : t));
      return { ...snapshot, targets };
    }
    case 'log': {
      let lastSeq = snapshot.lastSeq;
      const fresh: JobLogChunk[] = [];
      for (const chunk of event.chunks) {
        if (chunk.seq > lastSeq) {
          fresh.push(chunk);
          lastSeq = chunk.seq;
        }
      }
      if (fresh.length === 0) return snapshot;
      return { ...snapshot, chunks: snapshot.chunks.concat(fresh), lastSeq };
    }
    default:
      // A newer server may send event types this client does not know yet.
      return snapshot;
  }
}
