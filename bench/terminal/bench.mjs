#!/usr/bin/env node
/*
 * The web terminal benchmark's client (bench/README.md, "Web terminal"). Started by
 * bench/terminal/run.sh, which provides a private sshd and a backend and passes
 * them in BENCH_* variables; not meant to be run on its own.
 *
 * Through the real path (POST /api/terminal/sessions, then the WebSocket with the
 * token in a subprotocol, the backend's ssh2 connection to sshd, a remote pty)
 * and, as the reference in the same run, the native OpenSSH client (`ssh -tt`,
 * also with a remote pty) to the same sshd as the same user with the same key
 * exchange and cipher:
 *   - memory: the backend's RSS before and after opening N idle sessions;
 *   - throughput: time for 64 MiB of shell output (median of the runs);
 *   - echo latency: one byte at a time in a raw-mode pty with echo, p50 and p99.
 * Prints the ratios, PASS/MISS per target (never fails on a figure) and a last
 * line `BENCH_RESULT {json}`.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import {
  Api,
  envOf as envOfScript,
  inBatches,
  log,
  median,
  percentile,
  procTimes,
  provisionOperator,
  registerMachines,
  round,
  runMain,
  UsageError,
  watchSteal,
  withTimeout,
} from '../lib/portal.mjs';

// ---------------------------------------------------------------------------
// Options

const TARGETS = {
  throughputRatio: 0.5, // terminal MiB/s ÷ native MiB/s, at least
  addedP99Ms: 5, // terminal p99 − native p99, at most
  perSessionMiB: 5, // backend RSS per idle session, under
};

const USAGE = `usage: bench/terminal/run.sh [options]
  --size-mib N     output per throughput run (default 64)
  --runs N         throughput runs per client, median taken (default 5)
  --samples N      keystrokes measured per client (default 1000)
  --warmup N       keystrokes per client before measuring (default 100)
  --gap-ms N       mean pause between keystrokes, jittered ±50% (default 5)
  --sessions N     idle sessions for the memory measurement (default 100)
  --settle-s N     wait after opening them before measuring (default 5)
  --skip LIST      comma-separated: memory,throughput,latency
  --cpu-profile    record a CPU profile of the backend (through its inspector)
                   during the measured throughput runs, write it to
                   test-results/bench-terminal/ and print where the time went;
                   the profiler slows the backend, so compare figures of runs
                   without it`;

function parseArgs(argv) {
  const opts = {
    sizeMiB: 64,
    runs: 5,
    samples: 1000,
    warmup: 100,
    gapMs: 5,
    sessions: 100,
    settleS: 5,
    skip: new Set(),
    cpuProfile: false,
  };
  const numeric = {
    '--size-mib': 'sizeMiB',
    '--runs': 'runs',
    '--samples': 'samples',
    '--warmup': 'warmup',
    '--gap-ms': 'gapMs',
    '--sessions': 'sessions',
    '--settle-s': 'settleS',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (numeric[flag]) {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0)
        throw new UsageError(`${flag}: a number`);
      opts[numeric[flag]] = n;
    } else if (flag === '--cpu-profile') {
      opts.cpuProfile = true;
    } else if (flag === '--skip') {
      for (const s of value().split(',').filter(Boolean)) {
        if (!['memory', 'throughput', 'latency'].includes(s)) {
          throw new UsageError(`--skip: unknown phase '${s}'`);
        }
        opts.skip.add(s);
      }
    } else {
      throw new UsageError(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  return opts;
}

const envOf = name => envOfScript(name, 'bench/terminal/run.sh');

// ---------------------------------------------------------------------------
// Small helpers

const MiB = 1024 * 1024;
const TERMINAL_SUBPROTOCOL = 'opssight.terminal.v1';
const bearerSubprotocol = token =>
  `opssight.bearer.${Buffer.from(token, 'utf8').toString('base64url')}`;

// ---------------------------------------------------------------------------
// Clients: the same interface for the web terminal and native ssh, and the same
// output handling, so that client-side costs are alike on both paths.

const TAIL_BYTES = 256;

class Channel {
  constructor(label) {
    this.label = label;
    this.bytes = 0;
    this.watchers = new Set();
    this.tail = Buffer.alloc(0);
    this.closedWith = undefined;
  }

  onData(chunk) {
    const at = performance.now();
    this.bytes += chunk.length;
    for (const watcher of this.watchers) {
      if (watcher.test(chunk, this.tail)) {
        this.watchers.delete(watcher);
        watcher.resolve(at);
      }
    }
    this.tail =
      chunk.length >= TAIL_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES))
        : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
  }

  onClosed(why) {
    if (this.closedWith) return;
    this.closedWith = why;
    for (const watcher of this.watchers) {
      watcher.reject(new Error(`${this.label} closed (${why})`));
    }
    this.watchers.clear();
  }

  /** Resolves to the time of the chunk for which test(chunk, tail) holds. */
  watch(test, timeoutMs, what) {
    if (this.closedWith) {
      return Promise.reject(
        new Error(`${this.label} closed (${this.closedWith})`),
      );
    }
    return new Promise((resolve, reject) => {
      const watcher = {
        test,
        resolve: at => {
          clearTimeout(timer);
          resolve(at);
        },
        reject: error => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.watchers.delete(watcher);
        reject(
          new Error(
            `${
              this.label
            }: no ${what} within ${timeoutMs} ms; output ends ${JSON.stringify(
              this.tail.toString('latin1').slice(-160),
            )}`,
          ),
        );
      }, timeoutMs);
      this.watchers.add(watcher);
    });
  }

  /** The time `marker` arrives (it may straddle two chunks). */
  waitFor(marker, timeoutMs = 120_000) {
    const m = Buffer.from(marker, 'latin1');
    return this.watch(
      (chunk, tail) =>
        chunk.indexOf(m) >= 0 ||
        Buffer.concat([
          tail.subarray(Math.max(0, tail.length - (m.length - 1))),
          chunk.subarray(0, m.length - 1),
        ]).indexOf(m) >= 0,
      timeoutMs,
      JSON.stringify(marker),
    );
  }

  waitForByte(byte, timeoutMs = 10_000) {
    return this.watch(
      chunk => chunk.indexOf(byte) >= 0,
      timeoutMs,
      `byte ${byte}`,
    );
  }

  waitForOutput(timeoutMs = 30_000) {
    return this.watch(() => true, timeoutMs, 'output');
  }

  /**
   * Puts the remote shell in a known state: no echo of typed commands (bash's
   * readline follows the tty's echo flag), a short prompt, no history file.
   */
  async prepare(id) {
    await this.waitForOutput(); // the first prompt: the shell is reading
    const ready = this.waitFor(`BENCH${id}READY`, 30_000);
    this.write(
      `stty -echo; unset HISTFILE PROMPT_COMMAND; PS1='$ '; printf 'BENCH%sREADY\\n' ${id}\n`,
    );
    await ready;
  }
}

class TerminalChannel extends Channel {
  /** POST /sessions, then the WebSocket; resolves once the server said `ready`. */
  static async open(api, ctx, { cols = 120, rows = 40 } = {}) {
    const session = await api.call('POST', '/api/terminal/sessions', {
      token: ctx.token,
      body: { machineId: ctx.machineId, cols, rows },
      expect: 201,
    });
    const url = `${api.baseUrl.replace(/^http/, 'ws')}${session.streamPath}`;
    const ws = new WebSocket(
      url,
      [TERMINAL_SUBPROTOCOL, bearerSubprotocol(ctx.token)],
      { origin: ctx.appOrigin, perMessageDeflate: false },
    );
    const channel = new TerminalChannel(ws, session.sessionId);
    await withTimeout(channel.ready, 30_000, `session ${session.sessionId}`);
    return channel;
  }

  constructor(ws, sessionId) {
    super('web terminal');
    this.ws = ws;
    this.sessionId = sessionId;
    this.messages = [];
    this.ready = new Promise((resolve, reject) => {
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', d => (body += d));
        res.on('end', () =>
          reject(
            new Error(`WebSocket refused: HTTP ${res.statusCode} ${body}`),
          ),
        );
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          this.onData(data);
          return;
        }
        const message = JSON.parse(data.toString('utf8'));
        this.messages.push(message);
        if (message.type === 'ready') resolve(message);
        if (message.type === 'error') {
          reject(
            new Error(`session error: ${message.kind}: ${message.message}`),
          );
        }
      });
      ws.on('error', reject);
      ws.on('close', (code, reason) => {
        const why = `WebSocket ${code} ${reason}`;
        reject(new Error(why));
        this.onClosed(why);
      });
    });
    this.ready.catch(() => {});
  }

  write(data) {
    this.ws.send(typeof data === 'string' ? Buffer.from(data) : data, {
      binary: true,
    });
  }

  async close() {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise(resolve => this.ws.once('close', resolve));
    this.ws.close(1000);
    await withTimeout(closed, 10_000, 'WebSocket close').catch(() =>
      this.ws.terminate(),
    );
  }
}

/** ssh clients still running, ended when this process is. */
const sshClients = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    sshClients.forEach(child => child.kill('SIGKILL'));
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

class NativeChannel extends Channel {
  /** `ssh -tt` to the same sshd, with the algorithms the backend negotiated. */
  static async open(ctx, algorithms) {
    // prettier-ignore
    const args = [
      '-F', '/dev/null', // none of this machine's ssh_config
      '-tt', // a remote pty, as the web terminal has
      '-e', 'none', // every byte goes through, no ~ escapes
      '-i', ctx.clientKey,
      '-p', String(ctx.sshdPort),
      '-o', 'BatchMode=yes',
      '-o', 'IdentitiesOnly=yes',
      '-o', `UserKnownHostsFile=${ctx.knownHosts}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'Compression=no',
      '-o', 'ServerAliveInterval=15', // ssh-node's keepalive
      ...algorithmOptions(algorithms),
      `${ctx.sshUser}@127.0.0.1`,
    ];
    const child = spawn('ssh', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TERM: 'xterm-256color' }, // ssh-node's TERM
    });
    return new NativeChannel(child);
  }

  constructor(child) {
    super('native ssh');
    this.child = child;
    this.stderr = '';
    sshClients.add(child);
    child.on('exit', () => sshClients.delete(child));
    child.stdout.on('data', chunk => this.onData(chunk));
    child.stderr.on('data', chunk => {
      this.stderr = (this.stderr + chunk).slice(-2000);
    });
    child.on('exit', (code, signal) =>
      this.onClosed(`ssh exited ${code ?? signal}: ${this.stderr.trim()}`),
    );
    child.on('error', error => this.onClosed(String(error)));
  }

  write(data) {
    this.child.stdin.write(data);
  }

  async close() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await withTimeout(exited, 10_000, 'ssh exit').catch(() =>
      this.child.kill('SIGKILL'),
    );
  }
}

function algorithmOptions(a) {
  if (!a) return [];
  // prettier-ignore
  const options = [
    '-o', `KexAlgorithms=${a.kex}`,
    '-o', `HostKeyAlgorithms=${a.hostKey}`,
    '-o', `Ciphers=${a.cipher}`,
  ];
  if (a.mac && a.mac !== '<implicit>') options.push('-o', `MACs=${a.mac}`);
  return options;
}

// ---------------------------------------------------------------------------
// What sshd negotiated (its DEBUG1 log), so both clients get the same.

class SshdLog {
  constructor(path) {
    this.path = path;
    this.offset = statSync(path).size;
  }

  /** The log written since the last call. */
  readNew() {
    const size = statSync(this.path).size;
    const length = size - this.offset;
    if (length <= 0) return '';
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buffer, 0, length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    return buffer.toString('utf8');
  }

  /** The algorithms of the (one) connection logged since the last call. */
  negotiated() {
    const text = this.readNew();
    const kex = /kex: algorithm: (\S+)/.exec(text)?.[1];
    const hostKey = /kex: host key algorithm: (\S+)/.exec(text)?.[1];
    const c2s =
      /kex: client->server cipher: (\S+) MAC: (\S+) compression: (\S+)/.exec(
        text,
      );
    const s2c =
      /kex: server->client cipher: (\S+) MAC: (\S+) compression: (\S+)/.exec(
        text,
      );
    if (!kex || !c2s || !s2c) {
      throw new Error(
        `could not read the negotiated algorithms from sshd's log:\n${text.slice(
          -2000,
        )}`,
      );
    }
    return {
      kex,
      hostKey,
      cipher: c2s[1],
      mac: c2s[2],
      compression: c2s[3],
      serverToClient: `${s2c[1]} ${s2c[2]} ${s2c[3]}`,
    };
  }
}

const sameAlgorithms = (a, b) =>
  ['kex', 'hostKey', 'cipher', 'mac', 'compression', 'serverToClient'].every(
    k => a[k] === b[k],
  );

// ---------------------------------------------------------------------------
// The backend process: RSS from /proc, the JS heap and a full GC through the
// inspector run.sh enabled (no debugger is attached, only the heap domain).

function readProcStatus(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = name =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKiB: kib('VmRSS'), anonKiB: kib('RssAnon') };
}

class Inspector {
  static async connect(port) {
    const list = await (
      await fetch(`http://127.0.0.1:${port}/json/list`)
    ).json();
    const ws = new WebSocket(list[0].webSocketDebuggerUrl, {
      perMessageDeflate: false,
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Inspector(ws);
  }

  constructor(ws) {
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map();
    ws.on('message', data => {
      const message = JSON.parse(data.toString());
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error)
        waiter.reject(new Error(JSON.stringify(message.error)));
      else waiter.resolve(message.result);
    });
  }

  send(method, params = {}) {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return withTimeout(
      new Promise((resolve, reject) =>
        this.pending.set(id, { resolve, reject }),
      ),
      60_000,
      method,
    );
  }

  async collectGarbage() {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
  }

  async heapUsedBytes() {
    return (await this.send('Runtime.getHeapUsage')).usedSize;
  }

  /** Evaluates an expression in the backend and returns its (JSON) value. */
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value;
  }

  /**
   * Watches how late the backend's event loop runs (1 ms resolution) until
   * the returned function is called, which gives p50, p99 and max in ms: a
   * busy backend delays every keystroke, a quiet one with slow echoes points
   * at the machine.
   */
  async watchEventLoopDelay() {
    await this.evaluate(
      `globalThis.__benchLoopDelay = process.getBuiltinModule('node:perf_hooks').monitorEventLoopDelay({ resolution: 1 }); globalThis.__benchLoopDelay.enable(); true`,
    );
    return () =>
      this.evaluate(`(() => {
        const h = globalThis.__benchLoopDelay;
        h.disable();
        delete globalThis.__benchLoopDelay;
        return { p50Ms: h.percentile(50) / 1e6, p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6 };
      })()`);
  }

  close() {
    this.ws.close();
  }
}

async function measureBackend(pid, inspector) {
  const beforeGc = readProcStatus(pid);
  if (inspector) await inspector.collectGarbage();
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(readProcStatus(pid));
    await sleep(200);
  }
  return {
    rssBeforeGcKiB: beforeGc.rssKiB,
    rssKiB: median(samples.map(s => s.rssKiB)),
    anonKiB: median(samples.map(s => s.anonKiB)),
    heapUsedBytes: inspector ? await inspector.heapUsedBytes() : NaN,
  };
}

// ---------------------------------------------------------------------------
// The phases

let markerSeq = 0;
const nextMarkerId = () => ++markerSeq;

async function memoryPhase(api, ctx, opts, inspector) {
  const { sessions: n, settleS } = opts;
  log(`memory: ${n} idle sessions`);
  await sleep(2000);
  const before = await measureBackend(ctx.backendPid, inspector);
  const started = performance.now();
  const channels = await inBatches(n, 10, async () => {
    const channel = await TerminalChannel.open(api, ctx);
    await channel.waitForOutput(); // the shell's first prompt: fully set up
    return channel;
  });
  const openMs = performance.now() - started;
  log(
    `memory: ${n} sessions ready in ${(openMs / 1000).toFixed(
      1,
    )} s; settling ${settleS} s`,
  );
  await sleep(settleS * 1000);
  const dead = channels.filter(c => c.closedWith);
  if (dead.length)
    throw new Error(`${dead.length} sessions closed: ${dead[0].closedWith}`);
  const after = await measureBackend(ctx.backendPid, inspector);
  await Promise.all(channels.map(c => c.close()));
  await sleep(3000);
  const closed = await measureBackend(ctx.backendPid, inspector);
  const perSession = (a, b) => (b - a) / n;
  return {
    sessions: n,
    openSeconds: round(openMs / 1000, 1),
    gcBeforeMeasuring: !!inspector,
    rssBeforeMiB: round(before.rssKiB / 1024, 1),
    rssAfterMiB: round(after.rssKiB / 1024, 1),
    rssAfterCloseMiB: round(closed.rssKiB / 1024, 1),
    perSessionRssMiB: round(perSession(before.rssKiB, after.rssKiB) / 1024, 3),
    perSessionRssNoGcMiB: round(
      perSession(before.rssBeforeGcKiB, after.rssBeforeGcKiB) / 1024,
      3,
    ),
    perSessionAnonMiB: round(
      perSession(before.anonKiB, after.anonKiB) / 1024,
      3,
    ),
    perSessionHeapMiB: round(
      perSession(before.heapUsedBytes, after.heapUsedBytes) / MiB,
      3,
    ),
    heapAfterCloseDeltaMiB: round(
      (closed.heapUsedBytes - before.heapUsedBytes) / MiB,
      1,
    ),
  };
}

/**
 * One run: the time from sending the command until the end marker is in, and the
 * CPU time the relaying process (the backend, or the ssh client) and this client
 * spent meanwhile.
 */
async function throughputRun(path, size) {
  const { channel } = path;
  const id = nextMarkerId();
  const end = channel.waitFor(`BENCH${id}END`, 600_000);
  const bytesBefore = channel.bytes;
  const relayCpu = procTimes(path.relayPid()).self;
  const ownCpu = process.cpuUsage();
  const t0 = performance.now();
  channel.write(
    `printf 'BENCH%sBEGIN\\n' ${id}; head -c ${size} /dev/zero | tr '\\0' x; printf 'BENCH%sEND\\n' ${id}\n`,
  );
  const t1 = await end;
  const own = process.cpuUsage(ownCpu);
  const bytes = channel.bytes - bytesBefore;
  if (bytes < size)
    throw new Error(`${channel.label}: ${bytes} bytes < ${size}`);
  return {
    seconds: (t1 - t0) / 1000,
    bytes,
    relayCpuSeconds: procTimes(path.relayPid()).self - relayCpu,
    clientCpuSeconds: (own.user + own.system) / 1e6,
  };
}

async function throughputPhase(paths, opts, inspector) {
  const size = Math.round(opts.sizeMiB * MiB);
  const warmMiB = Math.min(8, opts.sizeMiB);
  log(`throughput: warm-up (${warmMiB} MiB each)`);
  for (const path of paths) {
    await throughputRun(path, Math.round(warmMiB * MiB));
  }
  const runs = Object.fromEntries(paths.map(p => [p.name, []]));
  for (let r = 0; r < opts.runs; r++) {
    // Alternate the order, so that drift on a shared machine hits both alike.
    const order = r % 2 === 0 ? paths : [...paths].reverse();
    for (const path of order) {
      const run = await throughputRun(path, size);
      runs[path.name].push(run);
      log(
        `throughput: ${path.name} run ${r + 1}: ${(
          opts.sizeMiB / run.seconds
        ).toFixed(1)} MiB/s ` +
          `(${path.relayName} CPU ${run.relayCpuSeconds.toFixed(
            2,
          )} s, client CPU ${run.clientCpuSeconds.toFixed(
            2,
          )} s, wall ${run.seconds.toFixed(2)} s)`,
      );
    }
  }
  let profile;
  if (inspector && opts.cpuProfile) {
    const terminal = paths.find(p => p.name === 'terminal');
    log(
      'throughput: one more terminal run under the CPU profiler (not counted)',
    );
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.start');
    await throughputRun(terminal, size);
    profile = (await inspector.send('Profiler.stop')).profile;
    await inspector.send('Profiler.disable');
  }
  return { runs, profile };
}

/** Self and inclusive time per function and self time per package, from a V8 CPU profile. */
function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const where = frame => {
    const url = frame.url.replace(/^file:\/\//, '');
    const short = url
      .replace(/^.*\/node_modules\//, '')
      .replace(/^.*\/(plugins|packages)\//, '$1/');
    return url ? `${short}:${frame.lineNumber + 1}` : '';
  };
  const key = n =>
    `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame)}`;
  const packageOf = n => {
    const { url, functionName } = n.callFrame;
    if (!url)
      return functionName.startsWith('(')
        ? functionName
        : '(V8 builtins, native)';
    const nm = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (nm) return nm[1];
    const own = /\/(plugins|packages)\/([^/]+)\//.exec(url);
    if (own) return `${own[1]}/${own[2]}`;
    if (url.startsWith('node:'))
      return url.startsWith('node:internal') ? 'node:internal' : url;
    return url;
  };
  const selfByFunction = new Map();
  const selfByPackage = new Map();
  const inclusive = new Map();
  for (const [id, t] of self) {
    const n = byId.get(id);
    selfByFunction.set(key(n), (selfByFunction.get(key(n)) ?? 0) + t);
    selfByPackage.set(packageOf(n), (selfByPackage.get(packageOf(n)) ?? 0) + t);
    const seen = new Set();
    for (let a = id; a !== undefined; a = parent.get(a)) {
      const k = key(byId.get(a));
      if (!seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + t);
      }
    }
  }
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: round(us / 1000, 1),
        pct: round((100 * us) / total, 1),
      }));
  return {
    totalMs: round(total / 1000, 1),
    selfByPackage: top(selfByPackage, 15),
    selfByFunction: top(selfByFunction, 20),
    inclusive: top(
      new Map(
        [...inclusive].filter(
          ([k]) => !k.startsWith('(root)') && inclusive.get(k) < 0.97 * total,
        ),
      ),
      25,
    ),
  };
}

/**
 * Puts the remote side in raw mode with echo for `count` keystrokes: the
 * remote kernel echoes each byte as it arrives; head reads exactly `count`
 * bytes and the shell carries on. Returns a function that times one keystroke.
 */
async function rawEcho(channel, count) {
  const id = nextMarkerId();
  const go = channel.waitFor(`BENCH${id}GO`, 30_000);
  // Watched from the start: it may come in the same chunk as the last echo.
  const done = channel.waitFor(`BENCH${id}DONE`, 120_000 + count * 1000);
  channel.write(
    `stty raw echo; printf 'BENCH%sGO\\n' ${id}; head -c ${count} >/dev/null; stty sane -echo; printf 'BENCH%sDONE\\n' ${id}\n`,
  );
  await go;
  const key = Buffer.from('a');
  return {
    done,
    async keystroke() {
      const echoed = channel.waitForByte(0x61);
      const t0 = performance.now();
      channel.write(key);
      return (await echoed) - t0;
    },
  };
}

/**
 * Keystrokes on every path in turn (the order alternating), so each sample of
 * one client has a neighbour of the other taken a few milliseconds apart: a
 * noisy moment of a shared machine falls on both, not on one.
 */
async function latencyRound(paths, count, gapMs) {
  const echoes = await Promise.all(paths.map(p => rawEcho(p.channel, count)));
  await sleep(50);
  const samples = Object.fromEntries(paths.map(p => [p.name, []]));
  for (let i = 0; i < count; i++) {
    const order = i % 2 === 0 ? paths.keys() : [...paths.keys()].reverse();
    for (const k of order) {
      samples[paths[k].name].push(await echoes[k].keystroke());
      await sleep(gapMs * (0.5 + Math.random()));
    }
  }
  await Promise.all(echoes.map(e => e.done));
  return samples;
}

async function latencyPhase(paths, opts) {
  log(`latency: ${opts.warmup} warm-up keystrokes each`);
  if (opts.warmup > 0) await latencyRound(paths, opts.warmup, opts.gapMs);
  const samples = await latencyRound(paths, opts.samples, opts.gapMs);
  log(`latency: ${opts.samples} keystrokes each measured, alternating`);
  return samples;
}

function latencyStats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 50), 3),
    p90Ms: round(percentile(sorted, 90), 3),
    p99Ms: round(percentile(sorted, 99), 3),
    maxMs: round(sorted[sorted.length - 1], 3),
  };
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (process.env.BENCH_PARSE_ONLY) return; // run.sh checks the options first
  const ctx = {
    backendUrl: envOf('BENCH_BACKEND_URL'),
    appOrigin: envOf('BENCH_APP_ORIGIN'),
    apiToken: envOf('BENCH_API_TOKEN'),
    backendPid: Number(envOf('BENCH_BACKEND_PID')),
    inspectPort: process.env.BENCH_INSPECT_PORT,
    sshdPort: Number(envOf('BENCH_SSHD_PORT')),
    sshUser: envOf('BENCH_SSH_USER'),
    clientKey: envOf('BENCH_CLIENT_KEY'),
    knownHosts: envOf('BENCH_KNOWN_HOSTS'),
    hostFingerprint: envOf('BENCH_HOST_FINGERPRINT'),
    sshdLog: envOf('BENCH_SSHD_LOG'),
  };
  const api = new Api(ctx.backendUrl);
  const startedAt = new Date();
  const loadBefore = os.loadavg()[0];

  log('setting up: user, vault key, machine, connection test');
  const session = await provisionOperator(api, ctx, {
    displayName: 'Terminal benchmark',
  });
  const [machine] = await registerMachines(api, ctx, session, {
    ips: ['127.0.0.1'],
    prefix: 'bench-sshd',
  });
  Object.assign(ctx, session, { machineId: machine.id });
  const sshdLog = new SshdLog(ctx.sshdLog);

  // A first session of each kind: warms the backend's session path up and tells
  // which algorithms the backend negotiated, which the native client then uses.
  sshdLog.readNew();
  const probe = await TerminalChannel.open(api, ctx);
  await probe.prepare(nextMarkerId());
  const algorithms = { terminal: sshdLog.negotiated() };
  await probe.close();
  for (let i = 0; i < 3; i++) {
    const warm = await TerminalChannel.open(api, ctx);
    await warm.prepare(nextMarkerId());
    await warm.close();
  }
  sshdLog.readNew();
  const nativeProbe = await NativeChannel.open(ctx, algorithms.terminal);
  await nativeProbe.prepare(nextMarkerId());
  algorithms.native = sshdLog.negotiated();
  await nativeProbe.close();
  if (!sameAlgorithms(algorithms.terminal, algorithms.native)) {
    log(
      `WARNING: the clients negotiated different algorithms: ${JSON.stringify(
        algorithms,
      )}`,
    );
  }

  let inspector;
  if (ctx.inspectPort) {
    try {
      inspector = await Inspector.connect(ctx.inspectPort);
    } catch (error) {
      log(
        `no inspector (${error.message}): measuring memory without a forced GC`,
      );
    }
  }

  const result = {
    benchmark: 'terminal',
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      loadAvg1mBefore: round(loadBefore),
    },
    versions: {
      node: process.version,
      // ssh -V prints to stderr.
      openssh: spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim(),
    },
    database: process.env.BENCH_DATABASE || 'sqlite',
    algorithms,
    options: { ...opts, skip: [...opts.skip] },
    targets: TARGETS,
  };

  if (!opts.skip.has('memory')) {
    result.memory = await memoryPhase(api, ctx, opts, inspector);
  }

  if (!opts.skip.has('throughput') || !opts.skip.has('latency')) {
    const terminal = await TerminalChannel.open(api, ctx);
    await terminal.prepare(nextMarkerId());
    const native = await NativeChannel.open(ctx, algorithms.terminal);
    await native.prepare(nextMarkerId());
    const paths = [
      {
        name: 'terminal',
        channel: terminal,
        relayName: 'backend',
        relayPid: () => ctx.backendPid,
      },
      {
        name: 'native',
        channel: native,
        relayName: 'ssh',
        relayPid: () => native.child.pid,
      },
    ];
    try {
      if (!opts.skip.has('throughput')) {
        const { runs, profile } = await throughputPhase(paths, opts, inspector);
        const rate = run => opts.sizeMiB / run.seconds;
        const t = median(runs.terminal.map(rate));
        const n = median(runs.native.map(rate));
        const cpuMsPerMiB = (list, field) =>
          round(median(list.map(run => (1000 * run[field]) / opts.sizeMiB)), 1);
        result.throughput = {
          sizeMiB: opts.sizeMiB,
          runs: opts.runs,
          terminalMiBps: round(t, 1),
          nativeMiBps: round(n, 1),
          ratio: round(t / n, 3),
          terminalRunsMiBps: runs.terminal.map(run => round(rate(run), 1)),
          nativeRunsMiBps: runs.native.map(run => round(rate(run), 1)),
          // CPU per MiB relayed (median): what the backend costs against the ssh client.
          cpuMsPerMiB: {
            backend: cpuMsPerMiB(runs.terminal, 'relayCpuSeconds'),
            sshClient: cpuMsPerMiB(runs.native, 'relayCpuSeconds'),
            benchClientTerminal: cpuMsPerMiB(runs.terminal, 'clientCpuSeconds'),
            benchClientNative: cpuMsPerMiB(runs.native, 'clientCpuSeconds'),
          },
        };
        if (profile) {
          const dir = new URL(
            '../../test-results/bench-terminal/',
            import.meta.url,
          );
          mkdirSync(dir, { recursive: true });
          const file = new URL(
            `throughput-${startedAt
              .toISOString()
              .replace(/[:.]/g, '-')}.cpuprofile`,
            dir,
          );
          writeFileSync(file, JSON.stringify(profile));
          result.throughput.profile = {
            file: fileURLToPath(file),
            ...summarizeProfile(profile),
          };
        }
      }
      if (!opts.skip.has('latency')) {
        const loopDelay = await inspector?.watchEventLoopDelay();
        const steal = watchSteal();
        const samples = await latencyPhase(paths, opts);
        const stealPct = steal();
        const t = latencyStats(samples.terminal);
        const n = latencyStats(samples.native);
        const delay = await loopDelay?.();
        result.latency = {
          terminal: t,
          native: n,
          addedP50Ms: round(t.p50Ms - n.p50Ms, 3),
          addedP99Ms: round(t.p99Ms - n.p99Ms, 3),
          stealPct,
          backendLoopDelay: delay && {
            p50Ms: round(delay.p50Ms, 2),
            p99Ms: round(delay.p99Ms, 2),
            maxMs: round(delay.maxMs, 2),
          },
        };
      }
    } finally {
      await terminal.close();
      await native.close();
    }
  }
  inspector?.close();
  result.machine.loadAvg1mAfter = round(os.loadavg()[0]);
  result.verdicts = verdicts(result);
  printSummary(result);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

function verdicts(r) {
  const v = {};
  if (r.throughput)
    v.throughput =
      r.throughput.ratio >= TARGETS.throughputRatio ? 'PASS' : 'MISS';
  if (r.latency)
    v.latency = r.latency.addedP99Ms <= TARGETS.addedP99Ms ? 'PASS' : 'MISS';
  if (r.memory)
    v.memory =
      r.memory.perSessionRssMiB < TARGETS.perSessionMiB ? 'PASS' : 'MISS';
  return v;
}

function printSummary(r) {
  const a = r.algorithms.terminal;
  const lines = [
    '',
    `Web terminal vs native ssh — ${r.startedAt}`,
    `  ${r.machine.cpus} CPUs (${r.machine.model}), load ${r.machine.loadAvg1mBefore} → ${r.machine.loadAvg1mAfter}; Node ${r.versions.node}; ${r.versions.openssh}`,
    `  both clients: ${a.kex}, ${a.hostKey}, ${a.cipher} (MAC ${a.mac}), compression ${a.compression}` +
      (sameAlgorithms(r.algorithms.terminal, r.algorithms.native)
        ? ''
        : '  [MISMATCH, see JSON]'),
    `  backend database (where recordings go): ${r.database}`,
    '',
  ];
  if (r.throughput) {
    const t = r.throughput;
    lines.push(
      `Throughput, ${t.sizeMiB} MiB of output (median of ${t.runs}):`,
      `  terminal ${t.terminalMiBps} MiB/s   native ${t.nativeMiBps} MiB/s   ratio ${t.ratio}×   ` +
        `(target ≥ ${TARGETS.throughputRatio}×)  ${r.verdicts.throughput}`,
      `  runs: terminal ${t.terminalRunsMiBps.join(
        ', ',
      )}; native ${t.nativeRunsMiBps.join(', ')}`,
      `  CPU per MiB: backend ${t.cpuMsPerMiB.backend} ms vs ssh client ${t.cpuMsPerMiB.sshClient} ms ` +
        `(this client: ${t.cpuMsPerMiB.benchClientTerminal} ms on the WebSocket, ${t.cpuMsPerMiB.benchClientNative} ms on ssh's pipe)`,
      '',
    );
    if (t.profile) {
      const p = t.profile;
      lines.push(
        `  CPU profile of one more terminal run (${p.totalMs} ms sampled): ${p.file}`,
        '  self time by package:',
        ...p.selfByPackage
          .slice(0, 10)
          .map(e => `    ${String(e.pct).padStart(5)}%  ${e.name}`),
        '  self time by function:',
        ...p.selfByFunction
          .slice(0, 12)
          .map(e => `    ${String(e.pct).padStart(5)}%  ${e.name}`),
        '  inclusive time:',
        ...p.inclusive
          .slice(0, 20)
          .map(e => `    ${String(e.pct).padStart(5)}%  ${e.name}`),
        '',
      );
    }
  }
  if (r.latency) {
    const { terminal: t, native: n } = r.latency;
    lines.push(
      `Keystroke echo latency (${t.samples} keystrokes each):`,
      `  terminal p50 ${t.p50Ms} ms  p99 ${t.p99Ms} ms  (p90 ${t.p90Ms}, max ${t.maxMs})`,
      `  native   p50 ${n.p50Ms} ms  p99 ${n.p99Ms} ms  (p90 ${n.p90Ms}, max ${n.maxMs})`,
      `  added    p50 ${r.latency.addedP50Ms} ms  p99 ${r.latency.addedP99Ms} ms   ` +
        `(target p99 added ≤ ${TARGETS.addedP99Ms} ms)  ${r.verdicts.latency}`,
    );
    lines.push(
      `  CPU taken by the hypervisor meanwhile (steal): ${r.latency.stealPct}%`,
    );
    const d = r.latency.backendLoopDelay;
    if (d)
      lines.push(
        `  backend event-loop delay meanwhile: p50 ${d.p50Ms} ms  p99 ${d.p99Ms} ms  max ${d.maxMs} ms`,
      );
    lines.push('');
  }
  if (r.memory) {
    const m = r.memory;
    lines.push(
      `Backend memory, ${m.sessions} idle sessions (opened in ${
        m.openSeconds
      } s${m.gcBeforeMeasuring ? ', full GC before each reading' : ''}):`,
      `  RSS ${m.rssBeforeMiB} → ${m.rssAfterMiB} MiB: ${m.perSessionRssMiB} MiB per session   ` +
        `(target < ${TARGETS.perSessionMiB} MiB)  ${r.verdicts.memory}`,
      `  anonymous ${m.perSessionAnonMiB} MiB, JS heap ${m.perSessionHeapMiB} MiB per session; ` +
        `after closing them: RSS ${m.rssAfterCloseMiB} MiB, heap ${
          m.heapAfterCloseDeltaMiB >= 0 ? '+' : ''
        }${m.heapAfterCloseDeltaMiB} MiB vs before`,
      '',
    );
  }
  console.log(lines.join('\n'));
}

runMain(main);
