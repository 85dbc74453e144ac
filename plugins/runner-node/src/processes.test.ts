import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findRunProcesses,
  killRunProcesses,
  runProcess,
  RunProcessOptions,
} from './processes';

jest.setTimeout(30_000);

let cwd: string;
let seq = 0;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'runner-test-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Runs `sh -c script` as a fresh run; collects its output. */
async function sh(script: string, options: Partial<RunProcessOptions> = {}) {
  const runId = `test-${process.pid}-${++seq}`;
  let stdout = '';
  let stderr = '';
  const result = await runProcess({
    runId,
    command: '/bin/sh',
    args: ['-c', script],
    cwd,
    env: { PATH: '/usr/bin:/bin' },
    onStdout: text => {
      stdout += text;
    },
    onStderr: text => {
      stderr += text;
    },
    ...options,
  });
  return { ...result, stdout, stderr, runId };
}

describe('runProcess', () => {
  it('runs in the given directory with only the given environment, and reports the exit code', async () => {
    process.env.RUNNER_TEST_BACKEND_SECRET = 'backend-only';
    try {
      const run = await sh(
        'pwd; echo "secret=${RUNNER_TEST_BACKEND_SECRET:-unset} run=$OPSSIGHT_RUN"; echo oops >&2; exit 7',
      );
      expect(run.stdout).toBe(`${cwd}\nsecret=unset run=${run.runId}\n`);
      expect(run.stderr).toBe('oops\n');
      expect(run).toMatchObject({ exitCode: 7, signal: null, aborted: false });
      expect(run.sent).toEqual([]);
    } finally {
      delete process.env.RUNNER_TEST_BACKEND_SECRET;
    }
  });

  it('decodes UTF-8 split across chunks', async () => {
    const run = await sh(
      "printf '\\342\\202'; sleep 0.2; printf '\\254 \\360\\237\\224'; sleep 0.2; printf '\\221 done'",
    );
    expect(run.stdout).toBe('€ 🔑 done');
  });

  it('hands secrets over inherited pipes (never argv or environment) and reads an output pipe', async () => {
    const events: Buffer[] = [];
    const run = await sh(
      'read -r line < /dev/fd/3; echo "got ${#line} chars"; cat /dev/fd/5; printf \'{"event":"x"}\\n\' > /dev/fd/4; ' +
        'grep -c pipe-secre[t] /proc/$$/cmdline /proc/$$/environ || true',
      {
        stdin: 'from stdin\n',
        inputs: [
          { fd: 3, data: 'pipe-secret-one\n' },
          { fd: 5, data: 'second\n' },
        ],
        outputs: [{ fd: 4, onData: chunk => events.push(chunk) }],
      },
    );
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'got 15 chars',
      'second',
    ]);
    expect(run.stdout).toMatch(/cmdline:0\n.*environ:0\n$/);
    expect(Buffer.concat(events).toString()).toBe('{"event":"x"}\n');
    expect(run.exitCode).toBe(0);
  });

  it('refuses fds 0 to 2 and one fd used twice', async () => {
    await expect(
      sh('true', { inputs: [{ fd: 2, data: 'x' }] }),
    ).rejects.toThrow('fd 2: inherited pipes are fd 3 to 64');
    await expect(
      sh('true', {
        inputs: [{ fd: 3, data: 'x' }],
        outputs: [{ fd: 3, onData: () => {} }],
      }),
    ).rejects.toThrow('each inherited pipe needs its own fd');
  });

  it('on abort interrupts the group and lets the tool finish cleanly; nothing of the run is left', async () => {
    const controller = new AbortController();
    const running = sh(
      "trap 'echo saving state; exit 3' INT; sleep 1000 & sleep 1000 & echo started; wait",
      {
        signal: controller.signal,
        onStdout: text => {
          if (text.includes('started')) controller.abort();
        },
      },
    );
    const run = await running;
    expect(run).toMatchObject({ exitCode: 3, aborted: true, sent: ['SIGINT'] });
    expect(await findRunProcesses(run.runId)).toEqual([]);
  });

  it('escalates to SIGTERM and SIGKILL when the group ignores SIGINT and SIGTERM', async () => {
    const controller = new AbortController();
    let started: () => void;
    const ready = new Promise<void>(resolve => {
      started = resolve;
    });
    const running = sh(
      "trap '' INT TERM; sleep 1000 & sleep 1000 & echo started; wait; wait",
      {
        signal: controller.signal,
        interruptGraceMs: 300,
        terminateGraceMs: 300,
        onStdout: text => text.includes('started') && started(),
      },
    );
    await ready;
    controller.abort();
    const run = await running;
    expect(run).toMatchObject({
      exitCode: null,
      signal: 'SIGKILL',
      aborted: true,
      sent: ['SIGINT', 'SIGTERM', 'SIGKILL'],
    });
    expect(await findRunProcesses(run.runId)).toEqual([]);
  });

  it('finds and kills a daemon that left the process group', async () => {
    // The daemon writes `ready` once it has its own session, as ssh's
    // ControlPersist master and ssh-agent do.
    const run = await sh(
      "setsid sh -c 'echo > ready; exec sleep 1000' > /dev/null 2>&1 < /dev/null & " +
        'while [ ! -f ready ]; do sleep 0.05; done; rm ready',
    );
    expect(run.exitCode).toBe(0);
    const daemons = await findRunProcesses(run.runId);
    expect(daemons).toHaveLength(1);
    expect(await killRunProcesses(run.runId)).toBe(1);
    expect(await findRunProcesses(run.runId)).toEqual([]);
  });
});
