import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Every process a run starts carries `OPSSIGHT_RUN=<run id>` in its
 * environment, inherited by its children and by daemons that leave the process
 * group (ssh's ControlPersist masters, ssh-agent), so that ending a run finds
 * and stops all of them.
 *
 * @public
 */
export const RUN_MARKER_VARIABLE = 'OPSSIGHT_RUN';

/** @public */
export interface RunProcessOptions {
  /** The run the process belongs to (its run directory's id). */
  runId: string;
  command: string;
  args: readonly string[];
  cwd: string;
  /**
   * The process's whole environment: nothing is inherited from the backend's,
   * whose variables may hold its own secrets. Never put a secret here either:
   * /proc/<pid>/environ is readable for the process's lifetime; use `inputs`.
   */
  env: Record<string, string>;
  /** Written to the process's standard input, which is then closed. */
  stdin?: string | Buffer;
  /**
   * Data for inherited pipes (fd 3 and up, which the tool may open as
   * `/dev/fd/N`): how secrets reach the process without touching its argv,
   * environment or a file.
   */
  inputs?: ReadonlyArray<{ fd: number; data: string | Buffer }>;
  /** Inherited pipes the process writes to (fd 3 and up), e.g. an event stream. */
  outputs?: ReadonlyArray<{ fd: number; onData: (chunk: Buffer) => void }>;
  /** Standard output and error, decoded as UTF-8 across chunk boundaries. */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** Aborting interrupts the process group (see the grace periods). */
  signal?: AbortSignal;
  /** After SIGINT, how long the tool may take to finish cleanly before SIGTERM (default 10 s). */
  interruptGraceMs?: number;
  /** After SIGTERM, how long before SIGKILL (default 5 s). */
  terminateGraceMs?: number;
}

/** @public */
export interface ProcessResult {
  /** The exit code, or null when a signal ended the process. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Whether `signal` was aborted while the process ran. */
  aborted: boolean;
  /** The signals sent to the process group, in order (SIGINT, SIGTERM, SIGKILL). */
  sent: NodeJS.Signals[];
}

const FIRST_EXTRA_FD = 3;
const BASH = '/bin/bash';
/** How long to wait for the output pipes to drain once the process exited. */
const DRAIN_MS = 2_000;

/**
 * Runs one tool in its own process group and resolves when it has exited and
 * its output has been read. On abort the whole group gets SIGINT, then
 * SIGTERM, then SIGKILL, each after its grace period, so the tool can save its
 * state (Terraform releases its lock on SIGINT) and nothing keeps running.
 *
 * @public
 */
export async function runProcess(
  options: RunProcessOptions,
): Promise<ProcessResult> {
  const extraFds = [
    ...(options.inputs ?? []).map(i => i.fd),
    ...(options.outputs ?? []).map(o => o.fd),
  ];
  for (const fd of extraFds) {
    if (!Number.isInteger(fd) || fd < FIRST_EXTRA_FD || fd > 64) {
      throw new TypeError(`fd ${fd}: inherited pipes are fd 3 to 64`);
    }
  }
  if (new Set(extraFds).size !== extraFds.length) {
    throw new TypeError('each inherited pipe needs its own fd');
  }
  const stdio: Array<'pipe' | 'ignore'> = ['ignore', 'pipe', 'pipe'];
  for (const fd of extraFds) {
    while (stdio.length <= fd) stdio.push('ignore');
    stdio[fd] = 'pipe';
  }
  if (options.stdin !== undefined) stdio[0] = 'pipe';

  // Node hands a child sockets, not pipes, and a socket cannot be opened by
  // its /dev/fd/N path (the way a tool reads a password file). bash re-plumbs
  // each extra fd through a real pipe (process substitution) before it execs
  // the tool, so `--vault-password-file /dev/fd/3` works. Nothing is written
  // to disk and the data never appears in an argv or environment.
  const plumbing = [
    ...(options.inputs ?? []).map(
      ({ fd }) => `exec ${fd}< <(exec cat <&${fd})`,
    ),
    ...(options.outputs ?? []).map(
      ({ fd }) => `exec ${fd}> >(exec cat >&${fd})`,
    ),
  ];
  const [command, args] = plumbing.length
    ? [
        BASH,
        [
          '-c',
          `${plumbing.join('; ')}; exec "$@"`,
          'opssight-run',
          options.command,
          ...options.args,
        ],
      ]
    : [options.command, [...options.args]];
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...options.env, [RUN_MARKER_VARIABLE]: options.runId },
    detached: true, // its own process group (and session): the group is what we signal
    stdio,
  });
  const sent: NodeJS.Signals[] = [];
  const signalGroup = (sig: NodeJS.Signals, record = true) => {
    if (child.pid === undefined) return;
    if (record) sent.push(sig);
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is gone
    }
  };

  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const streamsDone: Promise<void>[] = [];
  const read = (stream: Readable | null, onData: (chunk: Buffer) => void) => {
    if (!stream) return;
    stream.on('data', onData);
    streamsDone.push(
      new Promise(resolve => {
        stream.once('close', resolve);
        stream.once('error', () => resolve());
      }),
    );
  };
  const decoded = (onText?: (text: string) => void) => {
    const decoder = new StringDecoder('utf8');
    return {
      onData: (chunk: Buffer) => onText?.(decoder.write(chunk)),
      flush: () => {
        const rest = decoder.end();
        if (rest) onText?.(rest);
      },
    };
  };
  const out = decoded(options.onStdout);
  const err = decoded(options.onStderr);
  read(child.stdout, out.onData);
  read(child.stderr, err.onData);
  for (const output of options.outputs ?? []) {
    read(child.stdio[output.fd] as Readable | null, output.onData);
  }
  const write = (stream: unknown, data: string | Buffer) => {
    const writable = stream as Writable | null;
    if (!writable) return;
    writable.on('error', () => {}); // EPIPE when the process never reads it
    writable.end(data);
  };
  if (options.stdin !== undefined) write(child.stdin, options.stdin);
  for (const input of options.inputs ?? []) {
    write(child.stdio[input.fd], input.data);
  }

  let aborted = false;
  let escalation: Promise<void> | undefined;
  const stop = new AbortController();
  const onAbort = () => {
    aborted = true;
    escalation = (async () => {
      const steps: Array<[NodeJS.Signals, number]> = [
        ['SIGINT', options.interruptGraceMs ?? 10_000],
        ['SIGTERM', options.terminateGraceMs ?? 5_000],
      ];
      for (const [sig, grace] of steps) {
        signalGroup(sig);
        try {
          await sleep(grace, undefined, { signal: stop.signal });
        } catch {
          return; // the process exited
        }
      }
      signalGroup('SIGKILL');
    })();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const { code, signal } = await exited;
    stop.abort();
    await escalation;
    // Whatever the leader left behind in its group goes with it.
    signalGroup('SIGKILL', false);
    await Promise.race([Promise.all(streamsDone), sleep(DRAIN_MS)]);
    for (const stream of child.stdio) (stream as Readable | null)?.destroy();
    out.flush();
    err.flush();
    return { exitCode: code, signal, aborted, sent };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The processes carrying a run's marker (see RUN_MARKER_VARIABLE), whatever
 * their process group or session: pids, from /proc.
 *
 * @public
 */
export async function findRunProcesses(runId: string): Promise<number[]> {
  const marker = Buffer.from(`\0${RUN_MARKER_VARIABLE}=${runId}\0`);
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`);
      if (Buffer.concat([Buffer.from([0]), environ]).includes(marker)) {
        pids.push(Number(entry));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/**
 * Kills every process of a run (SIGKILL), including daemons that left its
 * process group, and resolves once none is left (or after a few rounds, for a
 * process that keeps forking). Resolves to how many it killed.
 *
 * @public
 */
export async function killRunProcesses(runId: string): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 10; round++) {
    const pids = (await findRunProcesses(runId)).filter(
      pid => pid !== process.pid,
    );
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
    await sleep(50);
  }
  return killed;
}
