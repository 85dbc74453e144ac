#!/usr/bin/env node
/*
 * The Automation benchmark's client (bench/README.md, "Automation"). Started
 * by bench/automation/run.sh, which provides one sshd answering on every 127.x
 * address and the real backend, and passes them in BENCH_* variables; not
 * meant to be run alone.
 *
 * In one run, on N machines (127.0.2.1 … 127.0.2.N, their host keys pinned):
 *   - site.yml (ten mixed tasks) through ansible-playbook with Ansible's stock
 *     settings (forks 5, no pipelining, its default ssh_args), with OpsSight's
 *     tuned settings (its default forks from GET /api/automation/defaults,
 *     pipelining, ControlPersist), and through OpsSight itself: a stored
 *     project, a live inventory of the machines and a template made through
 *     the API, the run started with POST /api/automation/templates/{id}/runs
 *     and followed on its event stream until `end`;
 *   - the lag from the callback plugin writing a result event (its `at`) to
 *     the run's event stream delivering that result's line of the log;
 *   - output.yml printing --output-mib in lines of 1 KiB: the backend's RSS
 *     growth meanwhile, and how soon the finished run's event stream gives the
 *     first page of its log.
 * Prints times, ratios and PASS/MISS per target (never fails on a figure),
 * then `BENCH_RESULT {json}`.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  Api,
  envOf as envOfScript,
  log,
  percentile,
  inBatches,
  procTimes,
  round,
  runMain,
  UsageError,
  waitUntilIdle,
  watchSteal,
} from '../lib/portal.mjs';

const TARGETS = {
  vsStock: 0.35,
  vsTuned: 1.1,
  lagP99Ms: 250,
  rssGrowthMiB: 100,
  firstPageMs: 1000,
};
const LINE_BYTES = 1024;
/** Lines of one shell task's output (16 MiB): Ansible holds a result whole. */
const CHUNK_LINES = 16384;
const PROJECT_DIR = fileURLToPath(new URL('./project', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const USAGE = `usage: bench/automation/run.sh [options]
  --hosts N          machines for the ten-task playbook (default 50, or BENCH_HOSTS; at most 254)
  --output-mib N     output of the output-volume run, in MiB (default 1024, or BENCH_OUTPUT_MIB; 0 skips it)
  --output-hosts N   machines that share that output (default 4)
  --quick            a quick look: --hosts 10 --output-mib 64
  --skip LIST        phases to leave out, comma-separated: stock,tuned,opssight,output
  -h, --help         this text`;

function parseArgs(argv) {
  const envInt = name =>
    process.env[name] !== undefined && process.env[name] !== ''
      ? Number(process.env[name])
      : undefined;
  const opts = {
    hosts: envInt('BENCH_HOSTS') ?? 50,
    outputMiB: envInt('BENCH_OUTPUT_MIB') ?? 1024,
    outputHosts: 4,
    skip: new Set(),
  };
  const int = (name, value, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(
        `${name} must be a whole number from ${min} to ${max}\n${USAGE}`,
      );
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--hosts') opts.hosts = int(a, argv[++i], 1, 254);
    else if (a === '--output-mib') opts.outputMiB = int(a, argv[++i], 0, 65536);
    else if (a === '--output-hosts')
      opts.outputHosts = int(a, argv[++i], 1, 254);
    else if (a === '--quick') {
      opts.hosts = 10;
      opts.outputMiB = 64;
    } else if (a === '--skip') {
      for (const s of String(argv[++i] ?? '')
        .split(',')
        .filter(Boolean)) {
        if (!['stock', 'tuned', 'opssight', 'output'].includes(s)) {
          throw new UsageError(`unknown phase '${s}' in --skip\n${USAGE}`);
        }
        opts.skip.add(s);
      }
    } else {
      throw new UsageError(`unknown option ${a}\n${USAGE}`);
    }
  }
  opts.hosts = int('BENCH_HOSTS', opts.hosts, 1, 254);
  opts.outputMiB = int('BENCH_OUTPUT_MIB', opts.outputMiB, 0, 65536);
  opts.outputHosts = Math.min(opts.outputHosts, opts.hosts);
  return opts;
}

const envOf = name => envOfScript(name, 'bench/automation/run.sh');

/**
 * The bench's operator, as bench/lib's provisionOperator makes one (created
 * with the API token, its forced password change done, its key in the vault
 * as a personal credential), keeping its password: a sign-in expires (a
 * 1 GiB output run on a busy machine outlasted one), so each phase and each
 * check after a run signs in again (`session.renew()`).
 */
async function provisionSession(api, ctx) {
  const username = `bench-${Date.now().toString(36)}`;
  const initial = `initial-${randomBytes(12).toString('base64url')}`;
  const password = `own-${randomBytes(12).toString('base64url')}`;
  await api.call('POST', '/api/access/users', {
    token: ctx.apiToken,
    body: {
      username,
      displayName: 'Automation benchmark',
      role: 'operator',
      password: initial,
    },
    expect: 201,
  });
  const first = await api.signIn(username, initial);
  await api.call('POST', '/api/access/me/password', {
    token: first,
    body: { currentPassword: initial, newPassword: password },
    expect: 200,
  });
  const session = { username, token: await api.signIn(username, password) };
  session.renew = async () => {
    session.token = await api.signIn(username, password);
  };
  const credential = await api.call('POST', '/api/vault/credentials', {
    token: session.token,
    body: {
      kind: 'ssh-key',
      name: 'Automation benchmark key',
      scope: 'personal',
      username: ctx.sshUser,
      privateKey: readFileSync(ctx.clientKey, 'utf8'),
    },
    expect: 201,
  });
  session.credentialId = credential.id;
  return session;
}

/**
 * Registers the machines and pins their host keys with one connection test,
 * as bench/lib's registerMachines does, but with no default credential: a
 * machine's default must be a shared credential, and the bench's operator
 * holds a personal one (the runs name it in their template).
 */
async function registerMachinesWithoutDefault(
  api,
  ctx,
  session,
  { ips, prefix },
) {
  const machines = await inBatches(ips.length, 8, i =>
    api.call('POST', '/api/machines/machines', {
      token: session.token,
      body: {
        ip: ips[i],
        hostname: `${prefix}-${String(i + 1).padStart(3, '0')}`,
        sshPort: ctx.sshdPort,
        description: 'bench',
      },
      expect: 201,
    }),
  );
  const started = await api.call('POST', '/api/machines/connection-tests', {
    token: session.token,
    body: {
      machineIds: machines.map(m => m.id),
      credentialId: session.credentialId,
    },
    expect: 202,
  });
  let run = { job: started, targets: [] };
  const deadline = Date.now() + 300_000;
  while (!run.job.finishedAt) {
    if (Date.now() > deadline) throw new Error('the connection tests hang');
    await sleep(250);
    run = await api.call(
      'GET',
      `/api/machines/connection-tests/${started.id}`,
      {
        token: session.token,
        expect: 200,
      },
    );
  }
  const failed = run.targets
    .map(t => t.meta.check ?? { target: t })
    .filter(r => !r.sshOk);
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} connection tests failed, e.g. ${JSON.stringify(
        failed[0],
      )}`,
    );
  }
  const pinned = await api.call(
    'GET',
    `/api/machines/machines/${machines[0].id}`,
    {
      token: session.token,
      expect: 200,
    },
  );
  if (pinned.hostKeyFingerprint !== ctx.hostFingerprint) {
    throw new Error(
      `pinned host key ${pinned.hostKeyFingerprint}, expected ${ctx.hostFingerprint}`,
    );
  }
  return machines;
}

// ---------------------------------------------------------------------------
// The project: bench/automation/project, as files for the API and on disk

function projectFiles(dir = PROJECT_DIR) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...projectFiles(path));
    else
      files.push({
        path: relative(PROJECT_DIR, path),
        content: readFileSync(path, 'utf8'),
      });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The variables both playbooks get; the same for every way of running them. */
function siteVars(ctx, label) {
  return { bench_root: join(ctx.work, 'out'), bench_label: label };
}

function outputVars(opts) {
  const lines = Math.ceil((opts.outputMiB * 1024 * 1024) / LINE_BYTES);
  const perHost = Math.ceil(lines / opts.outputHosts);
  const chunks = Math.max(1, Math.ceil(perHost / CHUNK_LINES));
  const chunkLines = Math.ceil(perHost / chunks);
  return {
    bench_chunks: chunks,
    bench_chunk_lines: chunkLines,
    bench_line_bytes: LINE_BYTES,
    expectedLines: chunks * chunkLines * opts.outputHosts,
  };
}

const yamlOf = vars =>
  Object.entries(vars)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`)
    .join('');

// ---------------------------------------------------------------------------
// ansible-playbook run directly

/** Runs a command to its end; its output, exit code, wall and CPU time. */
function runCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const before = procTimes(process.pid).children;
    const started = performance.now();
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code => {
      resolve({
        code,
        stdout,
        stderr,
        wallSeconds: (performance.now() - started) / 1000,
        cpuSeconds: procTimes(process.pid).children - before,
      });
    });
  });
}

/**
 * ansible-playbook on the machines with either Ansible's stock settings
 * (an empty ansible.cfg: forks 5, no pipelining, ssh_args
 * `-C -o ControlMaster=auto -o ControlPersist=60s`) or the ones OpsSight's
 * runs get (runPlaybook's ansible.cfg, less what is only about its private
 * run directory). Both check host keys against the bench's known_hosts and
 * log in with the bench's key file.
 */
async function directRun(ctx, machines, { label, tuned, forks }) {
  const dir = join(ctx.work, `direct-${label}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  mkdirSync(join(dir, 'cp'), { recursive: true });
  rmSync(join(ctx.work, 'out', label), { recursive: true, force: true });
  const inventory = join(dir, 'hosts.ini');
  writeFileSync(
    inventory,
    [
      '[bench]',
      ...machines.map(m => `${m.hostname} ansible_host=${m.ip}`),
      '',
      '[bench:vars]',
      `ansible_port=${ctx.sshdPort}`,
      `ansible_user=${ctx.sshUser}`,
      `ansible_ssh_private_key_file=${ctx.clientKey}`,
      `ansible_ssh_common_args='-o UserKnownHostsFile=${ctx.knownHosts}'`,
      '',
    ].join('\n'),
  );
  const config = join(dir, 'ansible.cfg');
  writeFileSync(
    config,
    tuned
      ? [
          '[defaults]',
          `forks = ${forks}`,
          'host_key_checking = True',
          'retry_files_enabled = False',
          'interpreter_python = auto_silent',
          '',
          '[ssh_connection]',
          'pipelining = True',
          'ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o UpdateHostKeys=no -o BatchMode=yes -o ConnectTimeout=10',
          '',
        ].join('\n')
      : '# Ansible stock settings\n',
  );
  writeFileSync(join(dir, 'vars.json'), JSON.stringify(siteVars(ctx, label)));
  const result = await runCommand(
    'ansible-playbook',
    ['-i', inventory, '-e', `@${join(dir, 'vars.json')}`, 'site.yml'],
    {
      cwd: ctx.projectDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: 'C.UTF-8',
        ANSIBLE_CONFIG: config,
        ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
        ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, 'cp'),
        ANSIBLE_NOCOLOR: '1',
      },
    },
  );
  const recap = [
    ...result.stdout.matchAll(
      /^(\S+)\s+: ok=(\d+)\s+changed=\d+\s+unreachable=(\d+)\s+failed=(\d+)/gm,
    ),
  ];
  const good = recap.filter(m => m[3] === '0' && m[4] === '0').length;
  if (result.code !== 0 || good !== machines.length) {
    throw new Error(
      `ansible-playbook (${label}): exit ${result.code}, ${good}/${
        machines.length
      } hosts without failures: ${result.stdout.slice(
        -800,
      )} ${result.stderr.slice(-400)}`,
    );
  }
  return { wallSeconds: result.wallSeconds, cpuSeconds: result.cpuSeconds };
}

// ---------------------------------------------------------------------------
// OpsSight, through the API

const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Reads a run's Server-Sent Events until `end` (resuming with Last-Event-ID
 * when the stream drops, as the run page does), calling onMessage(type, data,
 * receivedAt) for each. Returns when the stream ended.
 */
async function followRun(api, token, runId, onMessage, { after } = {}) {
  const url = `${api.baseUrl}/api/automation/runs/${runId}/events${
    after !== undefined ? `?after=${after}` : ''
  }`;
  const deadline = Date.now() + 3_600_000;
  let lastId;
  while (Date.now() < deadline) {
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(lastId ? { 'last-event-id': lastId } : {}),
      },
    });
    if (!response.ok) {
      throw new Error(
        `${url}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    const decoder = new TextDecoder();
    let pending = '';
    for await (const bytes of response.body) {
      const receivedAt = Date.now();
      // A `log` message of a big log is megabytes in many reads: look for its
      // end only in what is new, or reading it costs more than the backend.
      let from = Math.max(0, pending.length - 1);
      pending += decoder.decode(bytes, { stream: true });
      let at;
      while ((at = pending.indexOf('\n\n', from)) >= 0) {
        const message = pending.slice(0, at);
        pending = pending.slice(at + 2);
        from = 0;
        if (message.startsWith(':')) continue;
        const id = /^id: (.*)$/m.exec(message)?.[1];
        if (id) lastId = id;
        const type = /^event: (.*)$/m.exec(message)?.[1];
        const data = message
          .split('\n')
          .filter(l => l.startsWith('data: '))
          .map(l => l.slice(6))
          .join('\n');
        const stop = onMessage(type, data, receivedAt);
        if (type === 'end' || stop) {
          await response.body.cancel().catch(() => {});
          return;
        }
      }
    }
    log(`  the event stream dropped; resuming after ${lastId ?? 'the start'}`);
  }
  throw new Error(`run ${runId}: no end event within an hour`);
}

/**
 * Watches a run's log as the stream delivers it: when each result line
 * (`ok: [host]`, `changed: [host]`, …) of each task arrived.
 */
class LogLineClock {
  constructor() {
    this.pending = '';
    this.task = undefined;
    /** `task name\0host` → ms since the epoch. */
    this.arrivals = new Map();
    this.lines = 0;
    this.bytes = 0;
  }

  add(chunks, receivedAt) {
    for (const chunk of chunks) {
      this.bytes += Buffer.byteLength(chunk.text);
      if (chunk.stream !== 'stdout') continue;
      const text = this.pending + chunk.text;
      const lines = text.split('\n');
      this.pending = lines.pop();
      this.lines += lines.length;
      for (const raw of lines) this.line(raw.replace(ANSI, ''), receivedAt);
    }
  }

  line(line, receivedAt) {
    const header = /^(?:TASK|RUNNING HANDLER) \[(.*)\] \*+$/.exec(line);
    if (header) {
      this.task = header[1];
      return;
    }
    const result =
      /^(ok|changed|failed|fatal|skipping): \[([^\]]+)\](.*)$/.exec(line);
    if (result && this.task !== undefined && !result[3].includes('(item=')) {
      const key = `${this.task}\0${result[2]}`;
      if (!this.arrivals.has(key)) this.arrivals.set(key, receivedAt);
    }
  }
}

/** The automation plugin's database, to read a run's stored events (with their `at`). */
async function automationDatabase(ctx) {
  const require = createRequire(join(ROOT, 'package.json'));
  const knex = require('knex');
  if (ctx.database === 'postgresql') {
    return knex({
      client: 'pg',
      connection: {
        connectionString: process.env.BENCH_POSTGRES_URL,
        database: `${ctx.pgPrefix}automation`,
      },
    });
  }
  return knex({
    client: 'better-sqlite3',
    connection: {
      filename: join(ctx.work, 'sqlite', 'automation.sqlite'),
      options: { readonly: true },
    },
    useNullAsDefault: true,
  });
}

/** Each result event's lag: its `at` to the arrival of its line of the log. */
async function eventLags(ctx, runId, clock) {
  const db = await automationDatabase(ctx);
  try {
    const rows = await db('automation_run_events')
      .where({ run_id: runId })
      .orderBy('seq')
      .select('type', 'host', 'task_id', 'result');
    const names = new Map();
    const lags = [];
    let results = 0;
    for (const row of rows) {
      const rest = row.result ? JSON.parse(row.result) : {};
      if (row.type === 'task') names.set(row.task_id, rest.name);
      if (row.type !== 'result') continue;
      results++;
      const arrived = clock.arrivals.get(
        `${names.get(row.task_id)}\0${row.host}`,
      );
      if (arrived !== undefined && typeof rest.at === 'number') {
        lags.push(arrived - rest.at);
      }
    }
    return { lags: lags.sort((a, b) => a - b), results };
  } finally {
    await db.destroy();
  }
}

/**
 * Samples a process's resident memory (VmRSS) every `everyMs`. `before` is
 * the lowest it was seen (at the start, or later once a collection gave back
 * what earlier work left): the start alone may hold garbage of the runs
 * before, which would hide the growth.
 */
function watchRss(pid, everyMs = 100) {
  const read = () => {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : NaN;
  };
  const start = read();
  let low = start;
  let peak = start;
  const timer = setInterval(() => {
    const now = read();
    peak = Math.max(peak, now);
    low = Math.min(low, now);
  }, everyMs);
  return () => {
    clearInterval(timer);
    const after = read();
    return {
      start,
      before: Math.min(low, after),
      peak: Math.max(peak, after),
      after,
    };
  };
}

async function startRun(api, session, templateId, body = {}) {
  const started = await api.call(
    'POST',
    `/api/automation/templates/${templateId}/runs`,
    { token: session.token, body, expect: 201 },
  );
  return started.job.id;
}

async function checkRun(api, session, runId, hosts, what) {
  // The run may have outlasted the sign-in.
  await session.renew();
  const detail = await api.call('GET', `/api/automation/runs/${runId}`, {
    token: session.token,
    expect: 200,
  });
  const ok = detail.targets.filter(t => t.status === 'succeeded').length;
  if (detail.job.status !== 'succeeded' || ok !== hosts) {
    const bad = detail.targets.find(t => t.status !== 'succeeded');
    throw new Error(
      `${what}: the run ended ${
        detail.job.status
      } with ${ok}/${hosts} hosts ok; e.g. ${JSON.stringify(
        bad ?? detail.job,
      )}`,
    );
  }
  return detail;
}

/** The ten-task playbook through OpsSight, followed on its event stream; the lag of its events. */
async function opssightRun(api, ctx, session, setup, hosts) {
  rmSync(join(ctx.work, 'out', 'opssight'), { recursive: true, force: true });
  const clock = new LogLineClock();
  const backendBefore = procTimes(ctx.backendPid).self;
  const started = performance.now();
  const runId = await startRun(api, session, setup.siteTemplate);
  await followRun(api, session.token, runId, (type, data, receivedAt) => {
    if (type === 'log') clock.add(JSON.parse(data).chunks, receivedAt);
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const backendCpuSeconds = procTimes(ctx.backendPid).self - backendBefore;
  const detail = await checkRun(api, session, runId, hosts, 'OpsSight');
  const { lags, results } = await eventLags(ctx, runId, clock);
  return {
    runId,
    wallSeconds,
    serverSeconds:
      (Date.parse(detail.job.finishedAt) - Date.parse(detail.job.createdAt)) /
      1000,
    backendCpuSeconds,
    lags,
    resultEvents: results,
  };
}

/** The output playbook through OpsSight: the backend's RSS meanwhile, then its log read back. */
async function outputRun(api, ctx, session, setup, opts, machines) {
  const hosts = machines.slice(0, opts.outputHosts).map(m => m.hostname);
  const rss = watchRss(ctx.backendPid);
  const backendBefore = procTimes(ctx.backendPid).self;
  const started = performance.now();
  const runId = await startRun(api, session, setup.outputTemplate, {
    limit: hosts,
  });
  // Followed live as the run page would, without keeping the text.
  let liveBytes = 0;
  await followRun(api, session.token, runId, (type, data) => {
    if (type === 'log') liveBytes += data.length;
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const memory = rss();
  const backendCpuSeconds = procTimes(ctx.backendPid).self - backendBefore;
  await checkRun(api, session, runId, hosts.length, 'the output run');

  // The finished run opened afresh, as a browser opening its page: the time
  // to the first `log` message, then the rest to check nothing was lost.
  const opened = performance.now();
  let firstPageMs;
  let firstPageChunks = 0;
  const clock = new LogLineClock();
  await followRun(api, session.token, runId, (type, data, receivedAt) => {
    if (type !== 'log') return false;
    const { chunks } = JSON.parse(data);
    if (firstPageMs === undefined) {
      firstPageMs = performance.now() - opened;
      firstPageChunks = chunks.length;
    }
    clock.add(chunks, receivedAt);
    return false;
  });
  const fullReadSeconds = (performance.now() - opened) / 1000;
  return {
    runId,
    hosts: hosts.length,
    wallSeconds,
    backendCpuSeconds,
    rss: memory,
    liveBytes,
    firstPageMs,
    firstPageChunks,
    fullReadSeconds,
    logLines: clock.lines,
    logBytes: clock.bytes,
  };
}

/**
 * What OpsSight needs for the runs, made through the API as a user would: a
 * stored project holding bench/automation/project, a live inventory of the
 * machines, and one template per playbook.
 */
async function setUpAutomation(api, ctx, session, opts, machines) {
  const token = session.token;
  const project = await api.call('POST', '/api/automation/projects', {
    token,
    body: {
      name: `Automation bench ${Date.now().toString(36)}`,
      source: { kind: 'files' },
    },
    expect: 201,
  });
  await api.call('POST', `/api/automation/projects/${project.id}/versions`, {
    token,
    body: {
      baseVersion: project.latestVersion,
      message: 'the benchmark playbooks',
      files: projectFiles(),
    },
    expect: 201,
  });
  const inventory = await api.call('POST', '/api/automation/inventories', {
    token,
    body: {
      name: `Bench machines ${Date.now().toString(36)}`,
      source: { kind: 'registry', machineIds: machines.map(m => m.id) },
    },
    expect: 201,
  });
  const template = (name, playbook, vars) =>
    api.call('POST', '/api/automation/templates', {
      token,
      body: {
        name,
        projectId: project.id,
        playbook,
        inventoryId: inventory.id,
        sshCredentialId: session.credentialId,
        extraVars: yamlOf(vars),
      },
      expect: 201,
    });
  const site = await template(
    'Ten mixed tasks',
    'site.yml',
    siteVars(ctx, 'opssight'),
  );
  const { expectedLines: _, ...output } = outputVars(opts);
  const out = await template('A lot of output', 'output.yml', output);
  return {
    projectId: project.id,
    siteTemplate: site.id,
    outputTemplate: out.id,
  };
}

// ---------------------------------------------------------------------------

/** Runs a phase and notes the machine's load average as it started (others share the cores). */
async function phase(session, fn) {
  await session.renew();
  const load = round(os.loadavg()[0]);
  return { ...(await fn()), load };
}

const verdict = (value, target) =>
  Number.isFinite(value) ? (value <= target ? 'PASS' : 'MISS') : 'n/a';

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (process.env.BENCH_PARSE_ONLY) return;
  const ctx = {
    backendUrl: envOf('BENCH_BACKEND_URL'),
    apiToken: envOf('BENCH_API_TOKEN'),
    backendPid: Number(envOf('BENCH_BACKEND_PID')),
    sshdPid: Number(envOf('BENCH_SSHD_PID')),
    sshdPort: Number(envOf('BENCH_SSHD_PORT')),
    sshUser: envOf('BENCH_SSH_USER'),
    clientKey: envOf('BENCH_CLIENT_KEY'),
    knownHosts: envOf('BENCH_KNOWN_HOSTS'),
    hostFingerprint: envOf('BENCH_HOST_FINGERPRINT'),
    work: envOf('BENCH_WORK'),
    database: process.env.BENCH_DATABASE || 'sqlite',
    pgPrefix: process.env.BENCH_PG_PREFIX,
  };
  ctx.projectDir = join(ctx.work, 'project');
  cpSync(PROJECT_DIR, ctx.projectDir, { recursive: true });
  const api = new Api(ctx.backendUrl);
  const ips = Array.from({ length: opts.hosts }, (_, i) => `127.0.2.${i + 1}`);
  const startedAt = new Date();
  const loadBefore = os.loadavg()[0];
  const steal = watchSteal();

  log(
    `setting up: an operator, its key in the vault, ${ips.length} machines, their host keys pinned`,
  );
  const session = await provisionSession(api, ctx);
  const registered = await registerMachinesWithoutDefault(api, ctx, session, {
    ips,
    prefix: 'auto',
  });
  const machines = registered.map((m, i) => ({
    id: m.id,
    hostname: m.hostname,
    ip: ips[i],
  }));
  const defaults = await api.call('GET', '/api/automation/defaults', {
    token: session.token,
    expect: 200,
  });
  log(
    `OpsSight's defaults: forks ${defaults.forks}, pipelining ${defaults.pipelining}, ControlPersist ${defaults.controlPersistSeconds} s`,
  );
  const setup = await setUpAutomation(api, ctx, session, opts, machines);

  const results = {};
  if (!opts.skip.has('opssight') || !opts.skip.has('output')) {
    // Warms the backend's code paths (lazy requires, JIT) and Ansible's caches; not counted.
    log('warm-up: the playbook through OpsSight on 2 hosts (not counted)');
    const runId = await startRun(api, session, setup.siteTemplate, {
      limit: machines.slice(0, 2).map(m => m.hostname),
    });
    await followRun(api, session.token, runId, () => {});
    await checkRun(
      api,
      session,
      runId,
      Math.min(2, machines.length),
      'the warm-up run',
    );
  }
  if (!opts.skip.has('stock')) {
    log(
      `(a) ansible-playbook, stock settings (forks 5, no pipelining), ${ips.length} hosts`,
    );
    results.stock = await phase(session, () =>
      directRun(ctx, machines, {
        label: 'stock',
        tuned: false,
      }),
    );
    log(`  ${round(results.stock.wallSeconds)} s`);
  }
  if (!opts.skip.has('tuned')) {
    log(
      `(b) ansible-playbook, OpsSight's settings (forks ${defaults.forks}, pipelining, ControlPersist), ${ips.length} hosts`,
    );
    results.tuned = await phase(session, () =>
      directRun(ctx, machines, {
        label: 'tuned',
        tuned: true,
        forks: defaults.forks,
      }),
    );
    log(`  ${round(results.tuned.wallSeconds)} s`);
  }
  if (!opts.skip.has('opssight')) {
    const waited = await waitUntilIdle(ctx.backendPid, { timeoutMs: 60_000 });
    log(
      `(c) OpsSight: POST /api/automation/templates/{id}/runs, ${ips.length} hosts (backend idle after ${waited} s)`,
    );
    results.opssight = await phase(session, () =>
      opssightRun(api, ctx, session, setup, machines.length),
    );
    log(`  ${round(results.opssight.wallSeconds)} s`);
  }
  if (!opts.skip.has('output') && opts.outputMiB > 0) {
    await waitUntilIdle(ctx.backendPid, { timeoutMs: 60_000 });
    log(
      `output: ${opts.outputMiB} MiB in lines of ${LINE_BYTES} bytes on ${opts.outputHosts} hosts through OpsSight`,
    );
    results.output = await phase(session, () =>
      outputRun(api, ctx, session, setup, opts, machines),
    );
    log(`  ${round(results.output.wallSeconds)} s`);
  }

  const o = results.opssight;
  const lags = o?.lags ?? [];
  const out = results.output;
  const MiB = 1024 * 1024;
  const summary = {
    startedAt: startedAt.toISOString(),
    path: 'portal: POST /api/automation/templates/{id}/runs, GET /api/automation/runs/{id}/events',
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      loadAvg1mBefore: round(loadBefore),
      loadAvg1mAfter: round(os.loadavg()[0]),
      stealPercent: steal(),
    },
    database: ctx.database,
    hosts: ips.length,
    defaults,
    wallSeconds: {
      stock: round(results.stock?.wallSeconds),
      tuned: round(results.tuned?.wallSeconds),
      opssight: round(o?.wallSeconds),
      opssightServer: round(o?.serverSeconds),
    },
    loadAvg1mAtStart: {
      stock: results.stock?.load ?? null,
      tuned: results.tuned?.load ?? null,
      opssight: o?.load ?? null,
      output: out?.load ?? null,
    },
    cpuSeconds: {
      stockAnsible: round(results.stock?.cpuSeconds),
      tunedAnsible: round(results.tuned?.cpuSeconds),
      opssightBackend: round(o?.backendCpuSeconds),
    },
    ratios: {
      opssightVsStock: round(o?.wallSeconds / results.stock?.wallSeconds),
      opssightVsTuned: round(o?.wallSeconds / results.tuned?.wallSeconds),
    },
    eventLagMs: {
      samples: lags.length,
      resultEvents: o?.resultEvents ?? 0,
      p50: lags.length ? percentile(lags, 50) : null,
      p99: lags.length ? percentile(lags, 99) : null,
      max: lags.length ? lags.at(-1) : null,
    },
    output: out
      ? {
          mib: opts.outputMiB,
          hosts: out.hosts,
          wallSeconds: round(out.wallSeconds),
          backendCpuSeconds: round(out.backendCpuSeconds),
          rssAtStartMiB: round(out.rss.start / MiB, 1),
          rssBeforeMiB: round(out.rss.before / MiB, 1),
          rssPeakMiB: round(out.rss.peak / MiB, 1),
          rssAfterMiB: round(out.rss.after / MiB, 1),
          rssGrowthMiB: round((out.rss.peak - out.rss.before) / MiB, 1),
          logLines: out.logLines,
          expectedLines: outputVars(opts).expectedLines,
          logMiB: round(out.logBytes / MiB, 1),
          firstPageMs: round(out.firstPageMs, 1),
          firstPageChunks: out.firstPageChunks,
          fullReadSeconds: round(out.fullReadSeconds),
        }
      : null,
  };
  summary.verdicts = {
    vsStock: verdict(summary.ratios.opssightVsStock, TARGETS.vsStock),
    vsTuned: verdict(summary.ratios.opssightVsTuned, TARGETS.vsTuned),
    eventLagP99: verdict(summary.eventLagMs.p99 ?? NaN, TARGETS.lagP99Ms),
    rssGrowth: verdict(
      summary.output?.rssGrowthMiB ?? NaN,
      TARGETS.rssGrowthMiB,
    ),
    firstPage: verdict(summary.output?.firstPageMs ?? NaN, TARGETS.firstPageMs),
  };
  printSummary(summary);
  console.log(`BENCH_RESULT ${JSON.stringify(summary)}`);
}

function printSummary(r) {
  const w = r.wallSeconds;
  const l = r.eventLagMs;
  const o = r.output;
  const lines = [
    '',
    `Automation: ten mixed tasks on ${r.hosts} loopback hosts — ${r.startedAt}`,
    `  ${r.machine.cpus} CPUs (${r.machine.model}), load ${r.machine.loadAvg1mBefore} → ${r.machine.loadAvg1mAfter}, steal ${r.machine.stealPercent} %; backend database ${r.database}`,
    `  measured path: ${r.path}`,
    `  OpsSight's defaults (GET /api/automation/defaults): forks ${r.defaults.forks}, pipelining ${r.defaults.pipelining}, ControlPersist ${r.defaults.controlPersistSeconds} s`,
    '',
    `  (a) ansible-playbook, stock (forks 5, no pipelining)   ${w.stock} s   (its CPU ${r.cpuSeconds.stockAnsible} s; load ${r.loadAvg1mAtStart.stock} at its start)`,
    `  (b) ansible-playbook, OpsSight's settings              ${w.tuned} s   (its CPU ${r.cpuSeconds.tunedAnsible} s; load ${r.loadAvg1mAtStart.tuned})`,
    `  (c) OpsSight (API to the stream's end)                 ${w.opssight} s   (job ${w.opssightServer} s; backend CPU ${r.cpuSeconds.opssightBackend} s; load ${r.loadAvg1mAtStart.opssight})`,
    '',
    `  OpsSight / stock    ${r.ratios.opssightVsStock}×   (target ≤ ${TARGETS.vsStock}×)  ${r.verdicts.vsStock}`,
    `  OpsSight / tuned    ${r.ratios.opssightVsTuned}×   (target ≤ ${TARGETS.vsTuned}×)  ${r.verdicts.vsTuned}`,
    `  event lag, callback → event stream: p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms over ${l.samples} of ${l.resultEvents} results   (target p99 ≤ ${TARGETS.lagP99Ms} ms)  ${r.verdicts.eventLagP99}`,
  ];
  if (o) {
    lines.push(
      '',
      `  output: ${o.mib} MiB on ${o.hosts} hosts in ${o.wallSeconds} s (backend CPU ${o.backendCpuSeconds} s; load ${r.loadAvg1mAtStart.output} at its start); the log: ${o.logLines} lines (${o.expectedLines} printed by the tasks), ${o.logMiB} MiB`,
      `  backend RSS ${o.rssAtStartMiB} at the start, lowest ${o.rssBeforeMiB} → peak ${o.rssPeakMiB} → ${o.rssAfterMiB} MiB: growth ${o.rssGrowthMiB} MiB   (target ≤ ${TARGETS.rssGrowthMiB} MiB)  ${r.verdicts.rssGrowth}`,
      `  first page of the log (${o.firstPageChunks} chunks) ${o.firstPageMs} ms after opening the run's stream   (target ≤ ${TARGETS.firstPageMs} ms)  ${r.verdicts.firstPage}; all of it in ${o.fullReadSeconds} s`,
    );
  } else {
    lines.push('', '  output: skipped');
  }
  lines.push('');
  console.log(lines.join('\n'));
}

runMain(main);
