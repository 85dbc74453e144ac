import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EventStreamContentType,
  fetchEventSource,
} from '@microsoft/fetch-event-source';
import type { JobEvent } from '@opssight/plugin-jobs-common';
import {
  applyJobEvent,
  EMPTY_JOB_EVENTS,
  JobEventsSnapshot,
} from './jobEventsSnapshot';

/**
 * What {@link useJobEvents} returns.
 *
 * @public
 */
export type JobEventsState = JobEventsSnapshot & {
  /** True while the stream is open. */
  connected: boolean;
  /**
   * Why the hook stopped following the job: the server refused the request
   * (4xx), did not answer with an event stream, or the connection failed more
   * than `maxRetries` times in a row. While it is still retrying this is unset
   * and `connected` is false.
   */
  error?: Error;
  /** After an `error`: follow the job again, from the last log chunk seen. */
  retry(): void;
};

/**
 * Options of {@link useJobEvents}.
 *
 * @public
 */
export type UseJobEventsOptions = {
  /** Wait before the first reconnect; doubles per failed attempt, up to 30 s. Default 1000. */
  retryDelayMs?: number;
  /** Failed connection attempts in a row before giving up with `error`. Default 5. */
  maxRetries?: number;
};

const MAX_RETRY_DELAY_MS = 30_000;
/** Renders at most this often however fast events arrive; the first one at once. */
const FLUSH_INTERVAL_MS = 100;

/** An error that retrying will not cure. */
class FatalStreamError extends Error {
  constructor(readonly reason: Error) {
    super(reason.message);
  }
}

/** The server closed the stream before `end`, e.g. a proxy timed it out. */
class StreamClosedError extends Error {
  constructor() {
    super('The job’s event stream closed before the job ended');
  }
}

function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Follows a job's event stream (Server-Sent Events, see `JobEvent`).
 *
 * @remarks
 * The request goes through Backstage's `fetchApi`, which adds the user's
 * token; `url` is a plain or `plugin://<id>/…` URL and never carries a token.
 * After a dropped connection the hook reconnects with `Last-Event-ID` set to
 * the last log chunk seen, and ignores any chunk it already has. It stops at
 * `end` and when the component unmounts or `url` changes. Pass `undefined` to
 * follow nothing.
 *
 * @public
 */
export function useJobEvents(
  url: string | undefined,
  options: UseJobEventsOptions = {},
): JobEventsState {
  const { retryDelayMs = 1000, maxRetries = 5 } = options;
  const fetchApi = useApi(fetchApiRef);

  // The snapshot is kept per URL, so a new URL never shows the old job.
  const [view, setView] = useState<{
    url?: string;
    snapshot: JobEventsSnapshot;
  }>({ url, snapshot: EMPTY_JOB_EVENTS });
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<Error>();
  const [generation, setGeneration] = useState(0);
  // Ahead of React state between flushes; what a reconnect resumes from.
  const latest = useRef<{ url?: string; snapshot: JobEventsSnapshot }>({
    url,
    snapshot: EMPTY_JOB_EVENTS,
  });

  useEffect(() => {
    if (latest.current.url !== url) {
      latest.current = { url, snapshot: EMPTY_JOB_EVENTS };
      setView(latest.current);
    }
    setConnected(false);
    setError(undefined);
    if (!url || latest.current.snapshot.ended) {
      return undefined;
    }

    const controller = new AbortController();
    let failures = 0;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let lastFlush = 0;

    const flush = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      lastFlush = Date.now();
      setView(latest.current);
    };
    const scheduleFlush = () => {
      const wait = lastFlush + FLUSH_INTERVAL_MS - Date.now();
      if (wait <= 0) flush();
      else if (flushTimer === undefined) flushTimer = setTimeout(flush, wait);
    };

    const { lastSeq } = latest.current.snapshot;
    fetchEventSource(url, {
      fetch: (input, init) => fetchApi.fetch(input, init),
      signal: controller.signal,
      // A hidden tab keeps following; reopening on focus would resend every target.
      openWhenHidden: true,
      // Lower case: fetch-event-source updates this very key from each `id:`;
      // another spelling would send both.
      headers: lastSeq > 0 ? { 'last-event-id': String(lastSeq) } : {},
      async onopen(response) {
        if (!response.ok) {
          const responseError = await ResponseError.fromResponse(response);
          throw isRetriableStatus(response.status)
            ? responseError
            : new FatalStreamError(responseError);
        }
        const type = response.headers.get('content-type');
        if (!type?.startsWith(EventStreamContentType)) {
          throw new FatalStreamError(
            new Error(
              `Expected an event stream from ${url}, got ${
                type ?? 'no content type'
              }`,
            ),
          );
        }
        failures = 0;
        setConnected(true);
      },
      onmessage(message) {
        if (!message.data) return; // a keep-alive comment
        let event: JobEvent;
        try {
          event = JSON.parse(message.data);
        } catch {
          return;
        }
        const snapshot = applyJobEvent(latest.current.snapshot, event);
        if (snapshot === latest.current.snapshot) return;
        latest.current = { url, snapshot };
        if (snapshot.ended) {
          flush();
          setConnected(false);
          controller.abort();
        } else {
          scheduleFlush();
        }
      },
      onclose() {
        if (!latest.current.snapshot.ended) throw new StreamClosedError();
      },
      onerror(err) {
        if (err instanceof FatalStreamError) throw err.reason;
        setConnected(false);
        failures += 1;
        if (failures > maxRetries) throw err;
        return Math.min(retryDelayMs * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
      },
    }).catch(err => {
      if (controller.signal.aborted) return;
      flush();
      setConnected(false);
      setError(err instanceof Error ? err : new Error(String(err)));
    });

    return () => {
      controller.abort();
      if (flushTimer !== undefined) flush();
    };
  }, [url, fetchApi, generation, retryDelayMs, maxRetries]);

  const retry = useCallback(() => setGeneration(g => g + 1), []);

  const snapshot = view.url === url ? view.snapshot : EMPTY_JOB_EVENTS;
  return { ...snapshot, connected, error, retry };
}
