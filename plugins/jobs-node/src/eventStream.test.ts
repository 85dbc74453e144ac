import { JobEvent, JobLogChunk } from '@opssight/plugin-jobs-common';
import { eachDatabase, serveForTest } from '@opssight/plugin-testing-node';
import Router from 'express-promise-router';
import { Server } from 'node:http';
import { JobEngine, JobHandler } from './types';
import {
  gate,
  sleep,
  testEngines,
  waitForEnd,
  aliceJob,
} from './__testUtils__/engines';

jest.setTimeout(60_000);

type Message = { event: string; id?: string; data: JobEvent };

/** An HTTP server whose only route streams a job's events. */
async function serve(
  engine: JobEngine,
): Promise<{ url: string; server: Server }> {
  const router = Router();
  router.get('/jobs/:id/events', (req, res) =>
    engine.streamEvents(req.params.id, req, res),
  );
  return serveForTest(app => app.use(router));
}

/**
 * Reads SSE messages until `stop` says so (then aborts the request) or the
 * server ends the stream. Comments (pings) are skipped.
 */
async function readEvents(
  url: string,
  options: {
    headers?: Record<string, string>;
    stop?: (messages: Message[]) => boolean;
  } = {},
): Promise<{ messages: Message[]; response: Response; ended: boolean }> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: options.headers,
    signal: controller.signal,
  });
  const messages: Message[] = [];
  if (!response.ok || !response.body) {
    return { messages, response, ended: true };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    let next;
    try {
      next = await reader.read();
    } catch {
      return { messages, response, ended: false };
    }
    if (next.done) {
      return { messages, response, ended: true };
    }
    buffer += decoder.decode(next.value, { stream: true });
    for (
      let end = buffer.indexOf('\n\n');
      end >= 0;
      end = buffer.indexOf('\n\n')
    ) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(': ');
        fields[line.slice(0, colon)] = line.slice(colon + 2);
      }
      if (!fields.event) continue;
      messages.push({
        event: fields.event,
        id: fields.id,
        data: JSON.parse(fields.data),
      });
      if (options.stop?.(messages)) {
        controller.abort();
        return { messages, response, ended: false };
      }
    }
  }
}

function chunksOf(messages: Message[]): JobLogChunk[] {
  return messages.flatMap(m => (m.data.type === 'log' ? m.data.chunks : []));
}

/** Logs 60 lines over about a second, finishing its two targets on the way. */
const chatty: JobHandler = {
  kind: 'chatty',
  async run(ctx) {
    await ctx.startTarget('a');
    for (let i = 1; i <= 60; i++) {
      ctx.log(`line ${i}\n`, { target: i % 2 ? 'a' : 'b' });
      if (i === 20) {
        await ctx.finishTarget('a', { status: 'succeeded', exitCode: 0 });
        await ctx.startTarget('b');
      }
      await sleep(15);
    }
    await ctx.finishTarget('b', { status: 'succeeded', exitCode: 0 });
  },
};

eachDatabase('event stream', db => {
  const engines = testEngines();
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise(resolve => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  const targets = [
    { key: 'a', label: 'node a' },
    { key: 'b', label: 'node b' },
  ];

  /** Serves `engine`'s event stream until the test ends: its base URL. */
  async function serveEvents(engine: JobEngine): Promise<string> {
    const served = await serve(engine);
    server = served.server;
    return served.url;
  }

  /** Alice's 'chatty' job on the targets a and b. */
  const enqueueChatty = (engine: JobEngine) =>
    engine.enqueue({
      kind: 'chatty',
      title: 'chatty',
      params: {},
      targets,
      createdBy: 'user:default/alice',
    });

  it('streams job, targets and logs; a reconnect with Last-Event-ID misses nothing and repeats nothing', async () => {
    const engine = await engines.create(db.knex, {
      logFlushMs: 10,
      handlers: [chatty],
    });
    const base = await serveEvents(engine);
    await engine.start();
    const { id } = await enqueueChatty(engine);
    const url = `${base}/jobs/${id}/events`;

    const first = await readEvents(url, {
      stop: messages => chunksOf(messages).length >= 10,
    });
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toMatch(
      /^text\/event-stream/,
    );
    expect(first.response.headers.get('cache-control')).toBe('no-cache');
    expect(first.response.headers.get('x-accel-buffering')).toBe('no');
    expect(first.messages[0].event).toBe('job');
    expect(first.messages[0].data).toMatchObject({
      type: 'job',
      job: { id },
    });
    expect(first.messages[1]).toMatchObject({
      event: 'targets',
      data: { type: 'targets' },
    });
    expect(first.messages.every(m => m.event === m.data.type)).toBe(true);
    const logMessages = first.messages.filter(m => m.data.type === 'log');
    expect(logMessages.map(m => m.id)).toEqual(
      logMessages.map(m =>
        m.data.type === 'log'
          ? String(m.data.chunks[m.data.chunks.length - 1].seq)
          : '',
      ),
    );
    const lastId = [...first.messages].reverse().find(m => m.id)!.id!;

    const second = await readEvents(url, {
      headers: { 'Last-Event-ID': lastId },
    });
    expect(second.ended).toBe(true);
    const end = second.messages[second.messages.length - 1];
    expect(end.data).toMatchObject({
      type: 'end',
      job: { status: 'succeeded' },
    });
    expect(chunksOf(second.messages)[0].seq).toBe(Number(lastId) + 1);

    const seqs = [
      ...chunksOf(first.messages),
      ...chunksOf(second.messages),
    ].map(c => c.seq);
    const stored = await engine.getLogs(id);
    expect(seqs).toEqual(stored.map(c => c.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const text = [...chunksOf(first.messages), ...chunksOf(second.messages)]
      .map(c => c.text)
      .join('');
    expect(text).toBe(
      Array.from({ length: 60 }, (_, i) => `line ${i + 1}\n`).join(''),
    );
    // Target changes came as `target` messages, and the job's as `job`.
    const targetEvents = [...first.messages, ...second.messages].filter(
      m => m.data.type === 'target',
    );
    expect(
      targetEvents.some(
        m =>
          m.data.type === 'target' &&
          m.data.target.key === 'b' &&
          m.data.target.status === 'succeeded',
      ),
    ).toBe(true);
    expect(
      second.messages.some(
        m => m.data.type === 'job' && m.data.job.status === 'succeeded',
      ),
    ).toBe(true);
  });

  it('follows a job that runs on another engine, by polling the database', async () => {
    const runner = await engines.create(db.knex, {
      workerId: 'runner',
      logFlushMs: 10,
      handlers: [chatty],
    });
    const api = await engines.create(db.knex, {
      workerId: 'api',
      handlers: [{ kind: 'chatty', async run() {} }],
    });
    const base = await serveEvents(api);
    await runner.start();
    const { id } = await enqueueChatty(api);
    const { messages, ended } = await readEvents(
      `${base}/jobs/${id}/events?after=0`,
    );
    expect(ended).toBe(true);
    expect(messages[messages.length - 1].data).toMatchObject({
      type: 'end',
      job: { status: 'succeeded' },
    });
    const seqs = chunksOf(messages).map(c => c.seq);
    expect(seqs).toEqual((await api.getLogs(id)).map(c => c.seq));
    expect(seqs.length).toBeGreaterThan(0);
  });

  it('replays an ended job from ?after= and ends at once', async () => {
    const engine = await engines.create(db.knex, { handlers: [chatty] });
    const base = await serveEvents(engine);
    await engine.start();
    const { id } = await enqueueChatty(engine);
    await waitForEnd(engine, id);
    const all = await engine.getLogs(id);
    const { messages, ended } = await readEvents(
      `${base}/jobs/${id}/events?after=2`,
    );
    expect(ended).toBe(true);
    expect(messages.map(m => m.event)).toEqual([
      'job',
      'targets',
      ...messages.slice(2, -1).map(() => 'log'),
      'end',
    ]);
    expect(chunksOf(messages).map(c => c.seq)).toEqual(
      all.slice(2).map(c => c.seq),
    );
  });

  it('answers 404 for an unknown job and 400 for a bad cursor', async () => {
    const engine = await engines.create(db.knex, { handlers: [chatty] });
    const base = await serveEvents(engine);
    const missing = await fetch(
      `${base}/jobs/00000000-0000-4000-8000-000000000000/events`,
    );
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
    const { id } = await enqueueChatty(engine);
    const bad = await fetch(`${base}/jobs/${id}/events?after=-3`);
    expect(bad.status).toBe(400);
  });

  it('never sends the secret and lets go when the client leaves', async () => {
    const release = gate();
    const engine = await engines.create(db.knex, {
      handlers: [
        {
          kind: 'holds',
          async run(ctx) {
            ctx.log('working\n');
            await release.promise;
          },
        },
      ],
    });
    const base = await serveEvents(engine);
    await engine.start();
    const { id } = await engine.enqueue(
      aliceJob('holds', {
        secret: { sealed: 'do-not-show' },
      }),
    );
    const { messages } = await readEvents(`${base}/jobs/${id}/events`, {
      stop: m => chunksOf(m).length > 0,
    });
    expect(JSON.stringify(messages)).not.toContain('do-not-show');
    // The server noticed the client left: no connection stays open.
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 5000;
      const check = () =>
        server!.getConnections((error, count) => {
          if (error) reject(error);
          else if (count === 0) resolve();
          else if (Date.now() > deadline) reject(new Error(`${count} open`));
          else setTimeout(check, 50);
        });
      check();
    });
    release.open();
    await waitForEnd(engine, id);
  });
});
