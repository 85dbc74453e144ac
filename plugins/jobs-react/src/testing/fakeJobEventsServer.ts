import type { FetchApi } from '@backstage/frontend-plugin-api';
import type { JobEvent } from '@opssight/plugin-jobs-common';

/**
 * How the fake answers one request for the event stream: events to stream
 * (then it closes the connection, unless `keepOpen`), or an error response.
 *
 * @public
 */
export type FakeJobEventsResponse =
  | { events: JobEvent[]; keepOpen?: boolean }
  | { status: number; message?: string };

/**
 * A job's event stream as a test sees it. See {@link fakeJobEventsServer}.
 *
 * @public
 */
export type FakeJobEventsServer = {
  /** Give it to the app as the `fetchApiRef` implementation. */
  fetchApi: FetchApi;
  /** Every request, in order, with its headers (names in lower case) and abort signal. */
  requests: Array<{
    url: string;
    headers: Record<string, string>;
    signal?: AbortSignal;
  }>;
  /** Sends an event on the connection that is open now. */
  send(event: JobEvent): void;
  /** Closes the connection that is open now, as the server or a broken network would. */
  close(): void;
};

/**
 * One SSE message as the jobs backend writes it: `event:` the type, `id:` the
 * last chunk's seq on `log` messages, `data:` the JSON of the whole event.
 *
 * @public
 */
export function toServerSentEvent(event: JobEvent): string {
  const lines = [`event: ${event.type}`];
  if (event.type === 'log' && event.chunks.length > 0) {
    lines.push(`id: ${event.chunks[event.chunks.length - 1].seq}`);
  }
  lines.push(`data: ${JSON.stringify(event)}`);
  return `${lines.join('\n')}\n\n`;
}

/**
 * A fake jobs backend for tests of components that follow a job: each request
 * gets the next scripted response; requests after the script get a stream that
 * stays open and silent.
 *
 * @example
 * ```ts
 * const server = fakeJobEventsServer([{ events: [jobEvent, targetsEvent, endEvent] }]);
 * render(
 *   <TestApiProvider apis={[[fetchApiRef, server.fetchApi]]}>
 *     <JobView eventsUrl="http://localhost/api/x/runs/1/events" />
 *   </TestApiProvider>,
 * );
 * ```
 *
 * @public
 */
export function fakeJobEventsServer(
  responses: FakeJobEventsResponse[],
): FakeJobEventsServer {
  const script = [...responses];
  const requests: FakeJobEventsServer['requests'] = [];
  const encoder = new TextEncoder();
  let open: ReadableStreamDefaultController<Uint8Array> | undefined;

  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    requests.push({
      url: String(input),
      headers,
      signal: init?.signal ?? undefined,
    });

    const response = script.shift() ?? { events: [], keepOpen: true };
    if ('status' in response) {
      // The body Backstage's error handler writes.
      const body = {
        error: {
          name: response.status === 404 ? 'NotFoundError' : 'Error',
          message: response.message ?? `status ${response.status}`,
        },
        request: { method: 'GET', url: String(input) },
        response: { statusCode: response.status },
      };
      return new Response(JSON.stringify(body), {
        status: response.status,
        headers: { 'content-type': 'application/json' },
      });
    }

    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    init?.signal?.addEventListener('abort', () => {
      try {
        controller.error(new DOMException('Aborted', 'AbortError'));
      } catch {
        // already closed
      }
    });
    for (const event of response.events) {
      controller.enqueue(encoder.encode(toServerSentEvent(event)));
    }
    if (response.keepOpen) {
      open = controller;
    } else {
      controller.close();
      open = undefined;
    }
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
    });
  };

  return {
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
    requests,
    send(event) {
      if (!open) throw new Error('No event stream is open');
      open.enqueue(encoder.encode(toServerSentEvent(event)));
    },
    close() {
      open?.close();
      open = undefined;
    },
  };
}
