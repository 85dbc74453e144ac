import { JsonObject } from '@backstage/types';
import { eachDatabase } from '@opssight/plugin-testing-node';
import { JobSlots } from './JobSlots';
import { JobContext, JobEngine, JobHandler } from './types';
import {
  aborted,
  gate,
  sleep,
  testEngines,
  waitFor,
  waitForEnd,
  waitForStatus,
  aliceJob,
} from './__testUtils__/engines';

jest.setTimeout(60_000);

/** The user who enqueues the tests' jobs, cancelling their own. */
const alice = {
  actor: 'user:default/alice',
  mayActOnOthers: async () => false,
};

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const hosts = [
  { key: 'm-1', label: 'node-1 (10.0.0.11)', meta: { role: 'master' } },
  { key: 'm-2', label: 'node-2 (10.0.0.12)', meta: { role: 'worker' } },
  { key: 'm-3', label: 'node-3 (10.0.0.13)', meta: { role: 'worker' } },
];

/** Runs `script` "on" every target: exit code from params.exitCodes[key]. */
const scriptHandler: JobHandler<{ exitCodes?: Record<string, number> }> = {
  kind: 'script',
  async run(ctx) {
    ctx.log('starting\n', { stream: 'system' });
    for (const target of ctx.targets) {
      await ctx.startTarget(target.key);
      ctx.log(`hello from ${target.key}\n`, { target: target.key });
      const exitCode = ctx.params.exitCodes?.[target.key] ?? 0;
      await ctx.finishTarget(target.key, {
        status: exitCode === 0 ? 'succeeded' : 'failed',
        exitCode,
        stdout: `out ${target.key}`,
        stderr: exitCode === 0 ? '' : 'boom',
        errorKind: exitCode === 0 ? null : 'exec',
        errorMessage: exitCode === 0 ? null : `exit code ${exitCode}`,
        meta: { exitSeen: exitCode },
      });
    }
  },
};

/** A handler of 'busy' jobs (150 ms each) that keeps the most it saw run at once. */
function busyMeter() {
  let running = 0;
  const meter = {
    max: 0,
    handler: {
      kind: 'busy',
      async run() {
        running += 1;
        meter.max = Math.max(meter.max, running);
        await sleep(150);
        running -= 1;
      },
    } as JobHandler,
  };
  return meter;
}

/** Enqueues `count` busy jobs, the i-th on `engineFor(i)`: their ids. */
async function enqueueBusy(
  count: number,
  engineFor: (i: number) => JobEngine,
): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const job = await engineFor(i).enqueue(
      aliceJob('busy', {
        title: `busy ${i}`,
      }),
    );
    ids.push(job.id);
  }
  return ids;
}

eachDatabase('job engine', db => {
  const engines = testEngines();

  it('runs a job to success, with targets, progress and numbered logs', async () => {
    const engine = await engines.started(db.knex, {
      handlers: [scriptHandler],
      maxOutputChars: 5,
    });
    const queued = await engine.enqueue(
      aliceJob('script', {
        title: 'uptime on 3 nodes',
        subject: 'cluster:c-1',
        params: { command: 'uptime' },
        targets: hosts,
        timeoutMs: 60_000,
      }),
    );
    expect(queued).toMatchObject({
      kind: 'script',
      status: 'queued',
      subject: 'cluster:c-1',
      createdBy: 'user:default/alice',
      startedAt: null,
      finishedAt: null,
      cancelRequested: false,
      timeoutMs: 60_000,
      error: null,
      params: { command: 'uptime' },
      rerunOf: null,
      progress: { total: 3, done: 0, failed: 0 },
    });
    expect(queued.createdAt).toMatch(ISO);

    const job = await waitForEnd(engine, queued.id);
    expect(job).toMatchObject({
      status: 'succeeded',
      error: null,
      progress: { total: 3, done: 3, failed: 0 },
    });
    expect(job.startedAt).toMatch(ISO);
    expect(job.finishedAt).toMatch(ISO);

    const targets = await engine.getTargets(queued.id);
    expect(targets.map(t => t.key)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(targets[0]).toMatchObject({
      label: 'node-1 (10.0.0.11)',
      status: 'succeeded',
      exitCode: 0,
      // capped at maxOutputChars (5)
      stdout: 'out m',
      stdoutTruncated: true,
      stderr: '',
      stderrTruncated: false,
      errorKind: null,
      errorMessage: null,
      meta: { role: 'master', exitSeen: 0 },
    });
    for (const target of targets) {
      expect(target.startedAt).toMatch(ISO);
      expect(target.finishedAt).toMatch(ISO);
      expect(target.durationMs).toBeGreaterThanOrEqual(0);
    }

    const logs = await engine.getLogs(queued.id);
    expect(logs.map(c => c.seq)).toEqual(logs.map((_, i) => i + 1));
    expect(logs.map(c => c.text).join('')).toBe(
      'starting\nhello from m-1\nhello from m-2\nhello from m-3\n',
    );
    expect(logs[0]).toMatchObject({ stream: 'system', target: null });
    expect(logs.find(c => c.text.includes('m-2'))).toMatchObject({
      stream: 'stdout',
      target: 'm-2',
    });
    expect(logs[0].at).toMatch(ISO);
    // Paging by cursor.
    const after1 = await engine.getLogs(queued.id, { after: 1, limit: 1 });
    expect(after1.map(c => c.seq)).toEqual([2]);
  });

  it('fails the job when a target fails, and says which', async () => {
    const engine = await engines.create(db.knex, { handlers: [scriptHandler] });
    await engine.start();
    const { id } = await engine.enqueue(
      aliceJob('script', {
        title: 'false on 3 nodes',
        params: { exitCodes: { 'm-2': 2 } },
        targets: hosts,
      }),
    );
    const job = await waitForEnd(engine, id);
    expect(job).toMatchObject({
      status: 'failed',
      error: null,
      progress: { total: 3, done: 3, failed: 1 },
    });
    const targets = await engine.getTargets(id);
    expect(targets.map(t => t.status)).toEqual([
      'succeeded',
      'failed',
      'succeeded',
    ]);
    expect(targets[1]).toMatchObject({
      exitCode: 2,
      stderr: 'boom',
      errorKind: 'exec',
      errorMessage: 'exit code 2',
    });
  });

  it('fails the job with the message of a handler that throws', async () => {
    const engine = await engines.create(db.knex, {
      handlers: [
        {
          kind: 'broken',
          async run(ctx) {
            await ctx.startTarget('m-1');
            throw new Error('inventory is empty');
          },
        },
      ],
    });
    await engine.start();
    const { id } = await engine.enqueue(
      aliceJob('broken', {
        targets: hosts.slice(0, 2),
      }),
    );
    const job = await waitForEnd(engine, id);
    expect(job).toMatchObject({
      status: 'failed',
      error: 'inventory is empty',
      progress: { total: 2, done: 2, failed: 2 },
    });
    const targets = await engine.getTargets(id);
    expect(targets.map(t => [t.status, t.errorMessage])).toEqual([
      ['failed', 'the job failed: inventory is empty'],
      ['failed', 'the job failed: inventory is empty'],
    ]);
    const logs = await engine.getLogs(id);
    expect(logs[logs.length - 1]).toMatchObject({
      stream: 'system',
      text: 'Job failed: inventory is empty\n',
    });
  });

  it('rejects unknown kinds and bad targets at enqueue', async () => {
    const engine = await engines.create(db.knex, { handlers: [scriptHandler] });
    const base = {
      title: 't',
      params: {},
      createdBy: 'user:default/alice',
    };
    await expect(
      engine.enqueue({ ...base, kind: 'terraform-apply' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining("'terraform-apply'"),
    });
    await expect(
      engine.enqueue({
        ...base,
        kind: 'script',
        targets: [hosts[0], hosts[0]],
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      engine.enqueue({ ...base, kind: 'script', timeoutMs: -1 }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect((await engine.list({})).totalCount).toBe(0);
  });

  it('lists, filters and pages jobs newest first; unknown ids are not found', async () => {
    const engine = await engines.create(db.knex, {
      handlers: [scriptHandler, { kind: 'other', async run() {} }],
    });
    const made = [];
    for (const [i, subject] of [
      'cluster:a',
      'cluster:b',
      'cluster:a',
    ].entries()) {
      made.push(
        await engine.enqueue({
          kind: i === 1 ? 'other' : 'script',
          title: `job ${i}`,
          subject,
          params: { i },
          targets: hosts.slice(0, i + 1),
          createdBy: i === 2 ? 'user:default/bob' : 'user:default/alice',
        }),
      );
      await sleep(5); // distinct createdAt
    }
    const titles = async (filter: object) =>
      (await engine.list(filter)).items.map(j => j.title);
    expect(await titles({})).toEqual(['job 2', 'job 1', 'job 0']);
    expect(await titles({ subject: 'cluster:a' })).toEqual(['job 2', 'job 0']);
    expect(await titles({ kind: 'other' })).toEqual(['job 1']);
    expect(await titles({ createdBy: 'user:default/bob' })).toEqual(['job 2']);
    expect(await titles({ status: ['queued'] })).toHaveLength(3);
    expect(await titles({ status: ['running', 'failed'] })).toEqual([]);
    const page = await engine.list({ limit: 1, offset: 1 });
    expect(page.totalCount).toBe(3);
    expect(page.items.map(j => j.title)).toEqual(['job 1']);
    expect(page.items[0].progress).toEqual({ total: 2, done: 0, failed: 0 });

    expect(await engine.get(made[0].id)).toEqual(made[0]);
    expect(await engine.get('00000000-0000-4000-8000-000000000000')).toBe(
      undefined,
    );
    await expect(
      engine.getTargets('00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(
      engine.getLogs('00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(engine.list({ limit: 0 })).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  it('re-runs all targets or only the failed ones, as a new job', async () => {
    const engine = await engines.create(db.knex, { handlers: [scriptHandler] });
    await engine.start();
    const source = await engine.enqueue(
      aliceJob('script', {
        title: 'flaky',
        subject: 'cluster:c-1',
        params: { exitCodes: { 'm-1': 1, 'm-3': 7 } },
        targets: hosts,
        timeoutMs: 30_000,
      }),
    );
    expect((await waitForEnd(engine, source.id)).status).toBe('failed');

    const failedOnly = await engine.rerun(source.id, {
      targets: 'failed',
      createdBy: 'user:default/bob',
    });
    expect(failedOnly).toMatchObject({
      kind: 'script',
      title: 'flaky',
      subject: 'cluster:c-1',
      params: source.params,
      timeoutMs: 30_000,
      createdBy: 'user:default/bob',
      rerunOf: source.id,
      progress: { total: 2, done: 0, failed: 0 },
    });
    expect((await waitForEnd(engine, failedOnly.id)).status).toBe('failed');
    const rerunTargets = await engine.getTargets(failedOnly.id);
    expect(rerunTargets.map(t => [t.key, t.label, t.meta])).toEqual([
      ['m-1', 'node-1 (10.0.0.11)', { role: 'master', exitSeen: 1 }],
      ['m-3', 'node-3 (10.0.0.13)', { role: 'worker', exitSeen: 7 }],
    ]);

    const all = await engine.rerun(source.id, {
      targets: 'all',
      createdBy: 'user:default/bob',
    });
    expect((await engine.getTargets(all.id)).map(t => t.key)).toEqual([
      'm-1',
      'm-2',
      'm-3',
    ]);
    await waitForEnd(engine, all.id);

    const good = await engine.enqueue(
      aliceJob('script', {
        title: 'good',
        targets: hosts,
      }),
    );
    await waitForEnd(engine, good.id);
    await expect(
      engine.rerun(good.id, { targets: 'failed', createdBy: 'u' }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      engine.rerun('00000000-0000-4000-8000-000000000000', {
        targets: 'all',
        createdBy: 'u',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('refuses to re-run a live job', async () => {
    const engine = await engines.create(db.knex, { handlers: [scriptHandler] });
    const queued = await engine.enqueue(
      aliceJob('script', {
        title: 'queued',
      }),
    );
    await expect(
      engine.rerun(queued.id, { targets: 'all', createdBy: 'u' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('cancels a queued job at once', async () => {
    const engine = await engines.create(db.knex, { handlers: [scriptHandler] });
    const { id } = await engine.enqueue(
      aliceJob('script', {
        title: 'never runs',
        targets: hosts.slice(0, 2),
        secret: { password: 'hunter2' },
      }),
    );
    const job = await engine.cancel(id, alice);
    expect(job).toMatchObject({
      status: 'cancelled',
      cancelRequested: false,
      progress: { total: 2, done: 2, failed: 0 },
    });
    expect(job.finishedAt).toMatch(ISO);
    expect((await engine.getTargets(id)).map(t => t.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(await db.knex('opssight_job_secrets').where({ job_id: id })).toEqual(
      [],
    );
    await expect(engine.cancel(id, alice)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await expect(
      engine.cancel('00000000-0000-4000-8000-000000000000', alice),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    // Started later, the engine does not run it.
    await engine.start();
    await sleep(300);
    expect((await engine.get(id))!.status).toBe('cancelled');
  });

  it("refuses to cancel another user's job unless the requester may act on others'", async () => {
    const engine = await engines.create(db.knex, { handlers: [scriptHandler] });
    const { id } = await engine.enqueue(
      aliceJob('script', {
        title: 'alice runs it',
        targets: hosts.slice(0, 1),
      }),
    );
    const asked: string[] = [];
    const bob = {
      actor: 'user:default/bob',
      mayActOnOthers: async () => {
        asked.push('bob');
        return false;
      },
    };
    await expect(engine.cancel(id, bob)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Only alice, who started it, or an Admin may cancel it',
    });
    expect(asked).toEqual(['bob']);
    expect(await engine.get(id)).toMatchObject({
      status: 'queued',
      cancelRequested: false,
    });
    // The owner is never asked about others.
    await expect(
      engine.cancel(id, {
        actor: 'user:default/alice',
        mayActOnOthers: async () => {
          throw new Error('not asked for the owner');
        },
      }),
    ).resolves.toMatchObject({ status: 'cancelled' });

    const second = await engine.enqueue(
      aliceJob('script', {
        title: 'alice again',
        targets: hosts.slice(0, 1),
      }),
    );
    const admin = {
      actor: 'user:default/root',
      mayActOnOthers: async () => true,
    };
    await expect(engine.cancel(second.id, admin)).resolves.toMatchObject({
      status: 'cancelled',
    });
  });

  it('cancels a running job: the handler sees the reason, unfinished targets are cancelled', async () => {
    const seen: unknown[] = [];
    const started = gate();
    const engine = await engines.create(db.knex, {
      handlers: [
        {
          kind: 'waits',
          async run(ctx) {
            await ctx.startTarget('m-1');
            await ctx.finishTarget('m-1', { status: 'succeeded', exitCode: 0 });
            await ctx.startTarget('m-2');
            started.open();
            seen.push(await aborted(ctx.signal));
          },
        },
      ],
    });
    await engine.start();
    const { id } = await engine.enqueue(
      aliceJob('waits', {
        targets: hosts,
      }),
    );
    await started.promise;
    const requested = await engine.cancel(id, alice);
    expect(['running', 'cancelled']).toContain(requested.status);
    const job = await waitForEnd(engine, id);
    expect(seen).toEqual(['cancelled']);
    expect(job).toMatchObject({
      status: 'cancelled',
      cancelRequested: false,
      error: null,
      progress: { total: 3, done: 3, failed: 0 },
    });
    expect(
      (await engine.getTargets(id)).map(t => [t.status, t.errorMessage]),
    ).toEqual([
      ['succeeded', null],
      ['cancelled', 'the job was cancelled'],
      ['cancelled', 'the job was cancelled'],
    ]);
  });

  it('times a job out: timed_out, unfinished targets failed with kind timeout', async () => {
    const seen: unknown[] = [];
    const engine = await engines.started(db.knex, {
      handlers: [
        {
          kind: 'slow',
          async run(ctx) {
            await ctx.startTarget('m-1');
            seen.push(await aborted(ctx.signal));
          },
        },
      ],
    });
    const { id } = await engine.enqueue(
      aliceJob('slow', {
        targets: hosts.slice(0, 2),
        timeoutMs: 300,
      }),
    );
    const job = await waitForEnd(engine, id);
    expect(seen).toEqual(['timeout']);
    expect(job).toMatchObject({
      status: 'timed_out',
      error: 'timed out after 300 ms',
      progress: { total: 2, done: 2, failed: 2 },
    });
    expect(
      (await engine.getTargets(id)).map(t => [t.status, t.errorKind]),
    ).toEqual([
      ['failed', 'timeout'],
      ['failed', 'timeout'],
    ]);
    const elapsed = Date.parse(job.finishedAt!) - Date.parse(job.startedAt!);
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it('ends a timed-out job whose handler ignores the signal, after the grace', async () => {
    const engine = await engines.started(db.knex, {
      abortGraceMs: 300,
      handlers: [
        {
          kind: 'stubborn',
          async run(ctx) {
            await ctx.startTarget('m-1');
            await new Promise(() => {}); // never returns, never looks at the signal
          },
        },
      ],
    });
    const { id } = await engine.enqueue(
      aliceJob('stubborn', {
        targets: hosts.slice(0, 1),
        timeoutMs: 200,
      }),
    );
    const job = await waitForEnd(engine, id, 5000);
    expect(job.status).toBe('timed_out');
    expect((await engine.getTargets(id))[0]).toMatchObject({
      status: 'failed',
      errorKind: 'timeout',
    });
    expect(engines.logLines.join('\n')).toContain(
      'did not return within 300 ms of being aborted',
    );
  });

  it('starts a job promptly on enqueue, without waiting for the poll', async () => {
    const started: number[] = [];
    const engine = await engines.started(db.knex, {
      pollIntervalMs: 60_000,
      handlers: [
        {
          kind: 'quick',
          async run() {
            started.push(Date.now());
          },
        },
      ],
    });
    await sleep(300); // the loop found nothing and sleeps for a minute
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      const { id } = await engine.enqueue(aliceJob('quick'));
      await waitForEnd(engine, id, 3000);
      expect(started[i] - before).toBeLessThan(3000);
    }
  });

  it('runs at most `concurrency` jobs at once', async () => {
    const busy = busyMeter();
    const engine = await engines.started(db.knex, {
      concurrency: 2,
      handlers: [busy.handler],
    });
    const ids = await enqueueBusy(6, () => engine);
    for (const id of ids) {
      expect((await waitForEnd(engine, id)).status).toBe('succeeded');
    }
    expect(busy.max).toBe(2);
  });

  it('shares a JobSlots limit between engines', async () => {
    const busy = busyMeter();
    const shared = new JobSlots(3);
    const sharingEngine = (workerId: string) =>
      engines.create(db.knex, {
        workerId,
        concurrency: 3,
        globalLimiter: shared,
        handlers: [busy.handler],
      });
    const a = await sharingEngine('a');
    const b = await sharingEngine('b');
    await a.start();
    await b.start();
    const ids = await enqueueBusy(10, i => (i % 2 ? a : b));
    for (const id of ids) {
      expect((await waitForEnd(a, id)).status).toBe('succeeded');
    }
    expect(busy.max).toBe(3);
    expect(shared.inUse).toBe(0);
  });

  it('hands the secret to the handler only, and deletes it when the job ends', async () => {
    const secret = { sealed: 'c2VjcmV0LWNpcGhlcnRleHQ=' };
    const got: Array<JsonObject | null> = [];
    const release = gate();
    const running = gate();
    const engine = await engines.started(db.knex, {
      handlers: [
        {
          kind: 'uses-secret',
          async run(ctx: JobContext) {
            got.push(ctx.secret);
            ctx.log('using the credential\n');
            running.open();
            await release.promise;
          },
        },
      ],
    });
    const queued = await engine.enqueue({
      kind: 'uses-secret',
      title: 'with a secret',
      params: { user: 'ops' },
      targets: hosts.slice(0, 1),
      secret,
      createdBy: 'user:default/alice',
    });
    await running.promise;
    expect(got).toEqual([secret]);
    const stored = await db.knex('opssight_job_secrets').where({
      job_id: queued.id,
    });
    expect(stored).toHaveLength(1);

    const reads = JSON.stringify([
      queued,
      await engine.get(queued.id),
      await engine.list({}),
      await engine.getTargets(queued.id),
      await engine.getLogs(queued.id),
    ]);
    expect(reads).not.toContain(secret.sealed);

    release.open();
    await waitForEnd(engine, queued.id);
    expect(
      await db.knex('opssight_job_secrets').where({ job_id: queued.id }),
    ).toEqual([]);
    expect(engines.logLines.join('\n')).not.toContain(secret.sealed);
  });

  it('interrupts its running jobs on stop, and another start runs new ones', async () => {
    const started = gate();
    const engine = await engines.started(db.knex, {
      handlers: [
        {
          kind: 'long',
          async run(ctx) {
            await ctx.startTarget('m-1');
            started.open();
            await aborted(ctx.signal);
          },
        },
        scriptHandler,
      ],
    });
    const { id } = await engine.enqueue(
      aliceJob('long', {
        targets: hosts.slice(0, 1),
      }),
    );
    await started.promise;
    await engine.stop();
    const job = await engine.get(id);
    expect(job).toMatchObject({ status: 'interrupted' });
    expect((await engine.getTargets(id))[0].status).toBe('cancelled');

    await engine.start();
    const next = await engine.enqueue(
      aliceJob('script', {
        title: 'after restart',
      }),
    );
    expect((await waitForEnd(engine, next.id)).status).toBe('succeeded');
  });

  it('keeps log chunks in order and without gaps under many small writes', async () => {
    const engine = await engines.started(db.knex, {
      logFlushMs: 5,
      handlers: [
        {
          kind: 'chatty',
          async run(ctx) {
            for (let i = 0; i < 300; i++) {
              ctx.log(`line ${i}\n`, {
                stream: i % 3 === 0 ? 'stderr' : 'stdout',
              });
              if (i % 25 === 0) await sleep(10);
            }
          },
        },
      ],
    });
    const { id } = await engine.enqueue(aliceJob('chatty'));
    await waitForEnd(engine, id);
    const logs = await engine.getLogs(id);
    expect(logs.map(c => c.seq)).toEqual(logs.map((_, i) => i + 1));
    const lines = logs
      .map(c => c.text)
      .join('')
      .split('\n')
      .filter(Boolean);
    expect(lines).toEqual(Array.from({ length: 300 }, (_, i) => `line ${i}`));
  });

  it('keeps a job queued until an engine starts, then runs it', async () => {
    // A job of a kind no started engine runs stays queued.
    const engine = await engines.create(db.knex, { handlers: [scriptHandler] });
    const { id } = await engine.enqueue(
      aliceJob('script', {
        title: 'waiting',
      }),
    );
    await sleep(200);
    expect((await engine.get(id))!.status).toBe('queued');
    await engine.start();
    await waitForStatus(engine, id, 'succeeded');
    await waitFor(
      async () => (await engine.list({ status: ['succeeded'] })).totalCount,
      'the list to show it',
    );
  });
});
