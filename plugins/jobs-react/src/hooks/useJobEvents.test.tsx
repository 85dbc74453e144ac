import { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { fetchApiRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { JobEvent } from '@opssight/plugin-jobs-common';
import {
  fakeJobEventsServer,
  FakeJobEventsServer,
} from '../testing/fakeJobEventsServer';
import {
  makeFailedJob,
  makeJob,
  makeJobLogChunk,
  makeJobTarget,
  makeRunningJob,
} from '../testing/makeJob';
import { useJobEvents, UseJobEventsOptions } from './useJobEvents';

const URL = 'http://localhost:7007/api/machines/runs/r1/events';

const running = makeRunningJob(2);
const finished = makeFailedJob(2, 1);
const targets = [
  makeJobTarget({ key: 'n1', status: 'running', exitCode: null }),
  makeJobTarget({ key: 'n2', status: 'pending', exitCode: null }),
];

// What the server sends first on every connection: the job and its targets.
const started: JobEvent[] = [
  { type: 'job', job: running },
  { type: 'targets', targets },
];

function log(...seqs: number[]): JobEvent {
  return {
    type: 'log',
    chunks: seqs.map(seq =>
      makeJobLogChunk(seq, `line ${seq}\n`, { target: 'n1' }),
    ),
  };
}

function follow(
  server: FakeJobEventsServer,
  options: UseJobEventsOptions = { retryDelayMs: 10 },
  url: string | null = URL,
) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[fetchApiRef, server.fetchApi]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(
    ({ source }: { source: string | undefined }) =>
      useJobEvents(source, options),
    { wrapper, initialProps: { source: url ?? undefined } },
  );
}

const seqs = (chunks: { seq: number }[]) => chunks.map(c => c.seq);

describe('useJobEvents', () => {
  it('follows a job through to its end, then stops', async () => {
    const server = fakeJobEventsServer([
      {
        events: [
          ...started,
          log(1, 2),
          {
            type: 'target',
            target: makeJobTarget({ key: 'n1', status: 'failed', exitCode: 3 }),
          },
          log(3),
          { type: 'end', job: finished },
        ],
      },
    ]);
    const { result } = follow(server);

    await waitFor(() => expect(result.current.ended).toBe(true));
    expect(result.current.job).toEqual(finished);
    expect(result.current.targets.map(t => [t.key, t.status])).toEqual([
      ['n1', 'failed'],
      ['n2', 'pending'],
    ]);
    expect(seqs(result.current.chunks)).toEqual([1, 2, 3]);
    expect(result.current.lastSeq).toBe(3);
    expect(result.current.connected).toBe(false);
    expect(result.current.error).toBeUndefined();

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].url).toBe(URL);
    expect(server.requests[0].headers.accept).toBe('text/event-stream');
    expect(server.requests[0].headers['last-event-id']).toBeUndefined();
  });

  it('resumes after a drop from the last chunk it saw, and ignores repeated chunks', async () => {
    const server = fakeJobEventsServer([
      // The connection drops after two chunks, before `end`.
      {
        events: [...started, log(1, 2)],
      },
      // The server resends the job and the targets, and (say, a replica
      // with a stale cursor) chunk 2 again.
      {
        events: [
          ...started,
          log(2, 3),
          log(3),
          log(4),
          { type: 'end', job: finished },
        ],
      },
    ]);
    const { result } = follow(server);

    await waitFor(() => expect(result.current.ended).toBe(true));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].headers['last-event-id']).toBe('2');
    expect(seqs(result.current.chunks)).toEqual([1, 2, 3, 4]);
    expect(result.current.chunks.map(c => c.text).join('')).toBe(
      'line 1\nline 2\nline 3\nline 4\n',
    );
    expect(result.current.job?.status).toBe('failed');
  });

  it('shows live events as they come, and is connected meanwhile', async () => {
    const server = fakeJobEventsServer([
      { events: [{ type: 'job', job: running }], keepOpen: true },
    ]);
    const { result } = follow(server);

    await waitFor(() => expect(result.current.connected).toBe(true));
    await waitFor(() => expect(result.current.job?.status).toBe('running'));
    act(() => server.send({ type: 'targets', targets }));
    act(() => server.send(log(1)));
    await waitFor(() => expect(seqs(result.current.chunks)).toEqual([1]));
    expect(result.current.targets).toHaveLength(2);
    expect(result.current.ended).toBe(false);
  });

  it('gives up on a refused request at once, and retries when asked', async () => {
    const server = fakeJobEventsServer([
      { status: 403, message: 'not yours' },
      { events: [{ type: 'end', job: finished }] },
    ]);
    const { result } = follow(server);

    await waitFor(() => expect(result.current.error).toBeDefined());
    expect(result.current.error).toBeInstanceOf(ResponseError);
    expect((result.current.error as ResponseError).statusCode).toBe(403);
    expect((result.current.error as ResponseError).cause.message).toBe(
      'not yours',
    );
    expect(server.requests).toHaveLength(1);

    act(() => result.current.retry());
    await waitFor(() => expect(result.current.ended).toBe(true));
    expect(result.current.error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('retries a server error, and gives up after maxRetries failures in a row', async () => {
    const server = fakeJobEventsServer([
      { status: 503 },
      { status: 502 },
      { status: 503 },
    ]);
    const { result } = follow(server, { retryDelayMs: 5, maxRetries: 2 });

    await waitFor(() => expect(result.current.error).toBeDefined());
    expect(server.requests).toHaveLength(3);
    expect(result.current.connected).toBe(false);
  });

  it('refuses an answer that is not an event stream', async () => {
    const server = fakeJobEventsServer([]);
    const fetchHtml = jest.fn(
      async () =>
        new Response('<html></html>', {
          headers: { 'content-type': 'text/html' },
        }),
    );
    const { result } = follow({
      ...server,
      fetchApi: { fetch: fetchHtml },
    });
    await waitFor(() =>
      expect(result.current.error?.message).toMatch(
        /Expected an event stream .* got text\/html/,
      ),
    );
    expect(fetchHtml).toHaveBeenCalledTimes(1);
  });

  it('closes the stream on unmount and follows nothing without a URL', async () => {
    const server = fakeJobEventsServer([
      { events: [{ type: 'job', job: running }], keepOpen: true },
    ]);
    const { result, unmount } = follow(server);
    await waitFor(() => expect(result.current.connected).toBe(true));
    expect(server.requests[0].signal?.aborted).toBe(false);
    unmount();
    expect(server.requests[0].signal?.aborted).toBe(true);

    const idle = fakeJobEventsServer([]);
    const { result: nothing } = follow(idle, {}, null);
    expect(nothing.current.job).toBeUndefined();
    expect(nothing.current.targets).toEqual([]);
    expect(idle.requests).toHaveLength(0);
  });

  it('starts afresh when the URL changes', async () => {
    const server = fakeJobEventsServer([
      { events: [{ type: 'job', job: running }, log(1), log(2)] },
      { events: [{ type: 'end', job: makeJob({ id: 'job-2' }) }] },
    ]);
    const { result, rerender } = follow(server, { retryDelayMs: 10_000 });
    await waitFor(() => expect(result.current.lastSeq).toBe(2));

    rerender({ source: `${URL}?second` });
    expect(result.current.job).toBeUndefined();
    await waitFor(() => expect(result.current.job?.id).toBe('job-2'));
    expect(result.current.chunks).toEqual([]);
    expect(server.requests[1].headers['last-event-id']).toBeUndefined();
  });
});
