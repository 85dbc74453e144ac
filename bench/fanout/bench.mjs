#!/usr/bin/env node
/*
 * The fan-out benchmark's client (bench/README.md, "Fan-out"). Started by
 * bench/fanout/run.sh, which provides one sshd answering on every 127.x address
 * and a backend, and passes them in BENCH_* variables; not meant to be run alone.
 *
 * `hostname` on N machines (127.0.1.1 … 127.0.1.N), in one run:
 *   - through OpsSight: POST /api/clusters/runs (the job engine, ssh-node), until
 *     the job is final, every target checked;
 *   - through parallel-ssh at -p 32 and at -p N;
 *   - through `ansible all -f 50 -m command -a hostname` on fewer hosts, its wall
 *     time scaled to N;
 *   - through the ssh2 library alone, in this process, 50 at a time, as ssh-node
 *     runs a script (`bash -s`, the script on stdin): what any client built on
 *     it needs, with no job, database or HTTP around it;
 *   - the floor: the CPU time sshd itself spends per connection (its children's
 *     CPU time over each run's connections) × N / cores: no client can finish
 *     sooner than the server's share of the work allows.
 * Every client uses the same user, key, host key type and key exchange
 * (curve25519-sha256, checked in sshd's log). Prints wall times, ratios and
 * PASS/MISS per target (never fails on a figure), then `BENCH_RESULT {json}`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Api,
  envOf as envOfScript,
  inBatches,
  log,
  median,
  procTimes,
  provisionOperator,
  registerMachines,
  round,
  runMain,
  UsageError,
  waitUntilIdle,
} from '../lib/portal.mjs';

const TARGETS = { vsBestPssh: 0.5, vsFloor: 1.5 };
const KEX = 'curve25519-sha256';
const HOST_KEY = 'ssh-ed25519';

const USAGE = `usage: bench/fanout/run.sh [options]
  --hosts N            machines to run on (default 200, at most 254)
  --ansible-hosts N    hosts for the Ansible run, scaled to --hosts (default 40; 0 skips it)
  --concurrency N      OpsSight's hosts at a time (default 50, the product's default)
  --runs N             runs of OpsSight and of each pssh setting, alternating (default 2)
  --skip LIST          phases to leave out, comma-separated: engine,pssh,ansible,ssh2
  -h, --help           this text`;

function parseArgs(argv) {
  const opts = {
    hosts: 200,
    ansibleHosts: 40,
    concurrency: 50,
    runs: 2,
    skip: new Set(),
  };
  const int = (name, value, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}\n${USAGE}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--hosts') opts.hosts = int(a, argv[++i], 1, 254);
    else if (a === '--ansible-hosts') opts.ansibleHosts = int(a, argv[++i], 0, 254);
    else if (a === '--concurrency') opts.concurrency = int(a, argv[++i], 1, 500);
    else if (a === '--runs') opts.runs = int(a, argv[++i], 1, 20);
    else if (a === '--skip') {
      for (const s of String(argv[++i] ?? '').split(',').filter(Boolean)) {
        if (!['engine', 'pssh', 'ansible', 'ssh2'].includes(s)) {
          throw new UsageError(`unknown phase '${s}' in --skip\n${USAGE}`);
        }
        opts.skip.add(s);
      }
    } else {
      throw new UsageError(`unknown option ${a}\n${USAGE}`);
    }
  }
  opts.ansibleHosts = Math.min(opts.ansibleHosts, opts.hosts);
  return opts;
}

const envOf = name => envOfScript(name, 'bench/fanout/run.sh');

// ---------------------------------------------------------------------------
// CPU accounting

/** sshd's per-connection processes are its children: their CPU, reaped, is the server's work. */
const sshdChildrenCpu = pid => procTimes(pid).children;

// ---------------------------------------------------------------------------
// The clients

function hostIps(n) {
  return Array.from({ length: n }, (_, i) => `127.0.1.${i + 1}`);
}

function sshOptions(ctx) {
  return [
    '-F', '/dev/null',
    '-i', ctx.clientKey,
    '-p', String(ctx.sshdPort),
    '-o', `UserKnownHostsFile=${ctx.knownHosts}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', `KexAlgorithms=${KEX}`,
    '-o', `HostKeyAlgorithms=${HOST_KEY}`,
    '-o', 'ControlMaster=no',
    '-o', 'ControlPath=none',
  ];
}

/** Runs a command to its end; its output, exit code and the CPU its processes used. */
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
      const wallSeconds = (performance.now() - started) / 1000;
      resolve({
        code,
        stdout,
        stderr,
        wallSeconds,
        cpuSeconds: procTimes(process.pid).children - before,
      });
    });
  });
}

/**
 * Reads a job's Server-Sent Events until its `end` event, reconnecting with
 * `Last-Event-ID` when the stream drops, as the run page does. Returns the
 * number of reconnects.
 */
async function followUntilEnd(url, token) {
  const deadline = Date.now() + 600_000;
  let lastId;
  for (let reconnects = 0; Date.now() < deadline; reconnects++) {
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(lastId ? { 'last-event-id': lastId } : {}),
      },
      signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
    });
    if (!response.ok) {
      throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
    }
    const decoder = new TextDecoder();
    let pending = '';
    for await (const bytes of response.body) {
      pending += decoder.decode(bytes, { stream: true });
      let at;
      while ((at = pending.indexOf('\n\n')) >= 0) {
        const message = pending.slice(0, at);
        pending = pending.slice(at + 2);
        const id = /^id: (.*)$/m.exec(message)?.[1];
        if (id) lastId = id;
        if (/^event: end$/m.test(message)) {
          await response.body.cancel().catch(() => {});
          return reconnects;
        }
      }
    }
    log(`  the event stream dropped; resuming after ${lastId ?? 'the start'}`);
  }
  throw new Error(`${url}: no end event within 10 minutes`);
}

async function engineRun(api, ctx, session, machines, concurrency) {
  const backendBefore = procTimes(ctx.backendPid).self;
  const started = performance.now();
  let job = await api.call('POST', '/api/clusters/runs', {
    token: session.token,
    body: {
      targets: { machineIds: machines.map(m => m.id) },
      script: 'hostname',
      credentialId: session.credentialId,
      concurrency,
      timeoutSeconds: 120,
    },
    expect: 201,
  });
  // Followed as the run page does: its event stream, until `end`.
  await followUntilEnd(
    `${api.baseUrl}/api/clusters/runs/${job.id}/events`,
    session.token,
  );
  const detail = await api.call('GET', `/api/clusters/runs/${job.id}`, {
    token: session.token,
    expect: 200,
  });
  job = detail.job;
  const wallSeconds = (performance.now() - started) / 1000;
  const ok = detail.targets.filter(
    t => t.status === 'succeeded' && t.exitCode === 0 && t.stdout.trim(),
  ).length;
  if (job.status !== 'succeeded' || ok !== machines.length) {
    const bad = detail.targets.find(t => t.status !== 'succeeded');
    throw new Error(
      `the OpsSight run ended ${job.status} with ${ok}/${machines.length} hosts ok; e.g. ${JSON.stringify(bad)}`,
    );
  }
  return {
    wallSeconds,
    serverSeconds:
      (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000,
    clientCpuSeconds: procTimes(ctx.backendPid).self - backendBefore,
    connections: machines.length,
  };
}

async function psshRun(ctx, ips, parallelism) {
  const hostsFile = join(ctx.work, 'pssh-hosts');
  writeFileSync(hostsFile, `${ips.join('\n')}\n`);
  const result = await runCommand('parallel-ssh', [
    '-h', hostsFile,
    '-p', String(parallelism),
    '-t', '120',
    '-l', ctx.sshUser,
    '-x', sshOptions(ctx).join(' '),
    'hostname',
  ]);
  const ok = (result.stdout.match(/\[SUCCESS\]/g) ?? []).length;
  if (ok !== ips.length) {
    throw new Error(
      `parallel-ssh -p ${parallelism}: ${ok}/${ips.length} hosts ok (exit ${result.code}): ${result.stdout
        .split('\n')
        .filter(l => !l.includes('[SUCCESS]'))
        .slice(0, 5)
        .join(' | ')} ${result.stderr.slice(0, 300)}`,
    );
  }
  return {
    wallSeconds: result.wallSeconds,
    clientCpuSeconds: result.cpuSeconds,
    connections: ips.length,
  };
}

async function ansibleRun(ctx, ips) {
  const dir = join(ctx.work, 'ansible');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const inventory = join(dir, 'hosts.ini');
  writeFileSync(
    inventory,
    [
      '[bench]',
      ...ips,
      '',
      '[bench:vars]',
      `ansible_port=${ctx.sshdPort}`,
      `ansible_user=${ctx.sshUser}`,
      `ansible_ssh_private_key_file=${ctx.clientKey}`,
      `ansible_ssh_common_args='-o UserKnownHostsFile=${ctx.knownHosts} -o KexAlgorithms=${KEX} -o HostKeyAlgorithms=${HOST_KEY}'`,
      'ansible_python_interpreter=/usr/bin/python3',
      '',
    ].join('\n'),
  );
  const result = await runCommand(
    'ansible',
    ['all', '-i', inventory, '-f', '50', '-m', 'command', '-a', 'hostname'],
    {
      env: {
        ...process.env,
        ANSIBLE_CONFIG: join(dir, 'none.cfg'),
        ANSIBLE_HOST_KEY_CHECKING: 'True',
        ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
        ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, 'cp'),
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_FORCE_COLOR: '0',
      },
    },
  );
  const ok = (result.stdout.match(/\| CHANGED \| rc=0/g) ?? []).length;
  if (ok !== ips.length) {
    throw new Error(
      `ansible: ${ok}/${ips.length} hosts ok (exit ${result.code}): ${result.stdout.slice(0, 500)} ${result.stderr.slice(0, 300)}`,
    );
  }
  // Ansible keeps one SSH master per host for 60 s (ControlPersist), so sshd's
  // CPU for its connections is not known when the run ends: it has no floor figure.
  return { wallSeconds: result.wallSeconds, clientCpuSeconds: result.cpuSeconds };
}

/**
 * `hostname` through the ssh2 library alone (the one ssh-node uses), in this
 * process, `concurrency` at a time: the same key exchange, host key check and
 * `bash -s` with the script on stdin as a bulk run, nothing else.
 */
async function ssh2Run(ctx, ips, concurrency) {
  const { Client } = createRequire(
    new URL('../../plugins/ssh-node/package.json', import.meta.url),
  )('ssh2');
  const privateKey = readFileSync(ctx.clientKey);
  const expected = ctx.hostFingerprint;
  const one = host =>
    new Promise((resolve, reject) => {
      const client = new Client();
      client.on('error', reject);
      client.on('ready', () =>
        client.exec('bash -s', (error, channel) => {
          if (error) return reject(error);
          let out = '';
          channel.on('data', d => (out += d));
          channel.stderr.resume();
          channel.on('close', code => {
            client.end();
            if (code !== 0 || !out.trim()) reject(new Error(`ssh2: ${host}: exit ${code}`));
            else resolve();
          });
          channel.end('hostname\n');
        }),
      );
      client.connect({
        host,
        port: ctx.sshdPort,
        username: ctx.sshUser,
        privateKey,
        algorithms: { kex: [KEX], serverHostKey: [HOST_KEY] },
        hostVerifier: key =>
          `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` === expected,
      });
    });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await inBatches(ips.length, concurrency, i => one(ips[i]));
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    wallSeconds,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
    connections: ips.length,
  };
}

/** Runs one phase and adds what sshd's children spent meanwhile. */
async function measured(ctx, phase) {
  const before = sshdChildrenCpu(ctx.sshdPid);
  const logStart = readFileSync(ctx.sshdLog).length;
  const result = await phase();
  // The last per-connection processes may still be on their way out.
  await sleep(300);
  result.sshdCpuSeconds = sshdChildrenCpu(ctx.sshdPid) - before;
  result.kex = kexCounts(readFileSync(ctx.sshdLog).subarray(logStart).toString('utf8'));
  return result;
}

/** How many connections of a stretch of sshd's log used which key exchange. */
function kexCounts(text) {
  const counts = {};
  for (const m of text.matchAll(/kex: algorithm: (\S+)/g)) {
    counts[m[1]] = (counts[m[1]] ?? 0) + 1;
  }
  return counts;
}

// ---------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (process.env.BENCH_PARSE_ONLY) {
    // run.sh starts the backend only when OpsSight is measured.
    console.log(opts.skip.has('engine') ? 'no-backend' : 'backend');
    return;
  }
  const ctx = {
    backendUrl: process.env.BENCH_BACKEND_URL,
    apiToken: process.env.BENCH_API_TOKEN,
    backendPid: Number(process.env.BENCH_BACKEND_PID),
    sshdPid: Number(envOf('BENCH_SSHD_PID')),
    sshdPort: Number(envOf('BENCH_SSHD_PORT')),
    sshUser: envOf('BENCH_SSH_USER'),
    clientKey: envOf('BENCH_CLIENT_KEY'),
    knownHosts: envOf('BENCH_KNOWN_HOSTS'),
    hostFingerprint: envOf('BENCH_HOST_FINGERPRINT'),
    sshdLog: envOf('BENCH_SSHD_LOG'),
    work: envOf('BENCH_WORK'),
  };
  const api = new Api(ctx.backendUrl);
  const ips = hostIps(opts.hosts);
  const cores = os.cpus().length;
  const startedAt = new Date();
  const loadBefore = os.loadavg()[0];

  const results = { engine: [], ssh2: [], pssh32: [], psshAll: [], ansible: null };
  let machines = [];
  let session;
  if (!opts.skip.has('engine')) {
    log(`setting up: an operator, its key in the vault, ${ips.length} machines, their host keys pinned`);
    session = await provisionOperator(api, ctx, { displayName: 'Fan-out benchmark' });
    machines = await registerMachines(api, ctx, session, { ips, prefix: 'fanout' });
    // One run to warm the backend's code paths (lazy requires, JIT), not counted.
    log('warm-up run on 10 hosts');
    await engineRun(api, ctx, session, machines.slice(0, 10), opts.concurrency);
  }

  for (let run = 1; run <= opts.runs; run++) {
    if (!opts.skip.has('engine')) {
      // The catalog takes the new machines in, the last run settles: nothing
      // but this run's work is timed.
      const waited = await waitUntilIdle(ctx.backendPid);
      log(`run ${run}: OpsSight, ${ips.length} hosts, ${opts.concurrency} at a time (backend idle after ${waited} s)`);
      results.engine.push(
        await measured(ctx, () => engineRun(api, ctx, session, machines, opts.concurrency)),
      );
      log(`  ${round(results.engine.at(-1).wallSeconds)} s`);
    }
    if (!opts.skip.has('ssh2')) {
      log(`run ${run}: ssh2 alone, ${opts.concurrency} at a time`);
      results.ssh2.push(await measured(ctx, () => ssh2Run(ctx, ips, opts.concurrency)));
      log(`  ${round(results.ssh2.at(-1).wallSeconds)} s`);
    }
    if (!opts.skip.has('pssh')) {
      log(`run ${run}: parallel-ssh -p 32`);
      results.pssh32.push(await measured(ctx, () => psshRun(ctx, ips, 32)));
      log(`  ${round(results.pssh32.at(-1).wallSeconds)} s`);
      log(`run ${run}: parallel-ssh -p ${ips.length}`);
      results.psshAll.push(await measured(ctx, () => psshRun(ctx, ips, ips.length)));
      log(`  ${round(results.psshAll.at(-1).wallSeconds)} s`);
    }
  }
  if (!opts.skip.has('ansible') && opts.ansibleHosts > 0) {
    log(`ansible all -f 50 -m command -a hostname on ${opts.ansibleHosts} hosts`);
    results.ansible = await measured(ctx, () =>
      ansibleRun(ctx, ips.slice(0, opts.ansibleHosts)),
    );
    log(`  ${round(results.ansible.wallSeconds)} s`);
  }

  // The floor, from every run whose connection count is known (one per host).
  const perConnection = [
    ...results.engine,
    ...results.ssh2,
    ...results.pssh32,
    ...results.psshAll,
  ].map(
    r => r.sshdCpuSeconds / r.connections,
  );
  const sshdCpuPerConnection = median(perConnection);
  const floorSeconds = (sshdCpuPerConnection * ips.length) / cores;

  const best = list => (list.length ? Math.min(...list.map(r => r.wallSeconds)) : NaN);
  const engine = median(results.engine.map(r => r.wallSeconds));
  const bestPssh = Math.min(best(results.pssh32), best(results.psshAll));
  const ansibleScaled = results.ansible
    ? (results.ansible.wallSeconds * ips.length) / opts.ansibleHosts
    : NaN;
  const summary = {
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: cores,
      model: os.cpus()[0]?.model,
      loadAvg1mBefore: round(loadBefore),
      loadAvg1mAfter: round(os.loadavg()[0]),
    },
    database: process.env.BENCH_DATABASE || 'sqlite',
    hosts: ips.length,
    concurrency: opts.concurrency,
    wallSeconds: {
      engine: round(engine),
      engineRuns: results.engine.map(r => round(r.wallSeconds)),
      ssh2: round(median(results.ssh2.map(r => r.wallSeconds))),
      ssh2Runs: results.ssh2.map(r => round(r.wallSeconds)),
      pssh32: round(best(results.pssh32)),
      pssh32Runs: results.pssh32.map(r => round(r.wallSeconds)),
      psshAll: round(best(results.psshAll)),
      psshAllRuns: results.psshAll.map(r => round(r.wallSeconds)),
      ansibleScaled: round(ansibleScaled),
      ansibleMeasured: results.ansible ? round(results.ansible.wallSeconds) : null,
      ansibleHosts: results.ansible ? opts.ansibleHosts : 0,
      floor: round(floorSeconds),
    },
    cpuSecondsPerHost: {
      sshd: round(sshdCpuPerConnection, 4),
      engineBackend: results.engine.length
        ? round(median(results.engine.map(r => r.clientCpuSeconds / r.connections)), 4)
        : null,
      ssh2Client: results.ssh2.length
        ? round(median(results.ssh2.map(r => r.clientCpuSeconds / r.connections)), 4)
        : null,
      psshClients: results.pssh32.length
        ? round(median(results.pssh32.map(r => r.clientCpuSeconds / r.connections)), 4)
        : null,
      ansible: results.ansible
        ? round(results.ansible.clientCpuSeconds / opts.ansibleHosts, 4)
        : null,
    },
    kex: Object.fromEntries(
      Object.entries(results)
        .filter(([, v]) => v && (!Array.isArray(v) || v.length))
        .map(([k, v]) => [k, Array.isArray(v) ? v[0].kex : v.kex]),
    ),
    ratios: {
      engineVsBestPssh: round(engine / bestPssh),
      engineVsFloor: round(engine / floorSeconds),
      ssh2VsBestPssh: round(median(results.ssh2.map(r => r.wallSeconds)) / bestPssh),
      ssh2VsFloor: round(median(results.ssh2.map(r => r.wallSeconds)) / floorSeconds),
      engineVsAnsible: round(engine / ansibleScaled, 3),
    },
  };
  summary.verdicts = {
    vsBestPssh: Number.isFinite(summary.ratios.engineVsBestPssh)
      ? summary.ratios.engineVsBestPssh <= TARGETS.vsBestPssh
        ? 'PASS'
        : 'MISS'
      : 'n/a',
    vsFloor: Number.isFinite(summary.ratios.engineVsFloor)
      ? summary.ratios.engineVsFloor <= TARGETS.vsFloor
        ? 'PASS'
        : 'MISS'
      : 'n/a',
  };
  printSummary(summary);
  console.log(`BENCH_RESULT ${JSON.stringify(summary)}`);
}

function printSummary(r) {
  const w = r.wallSeconds;
  const kex = Object.entries(r.kex)
    .map(([k, v]) => `${k}: ${Object.entries(v).map(([a, n]) => `${n}× ${a}`).join(', ') || '?'}`)
    .join('; ');
  console.log(
    [
      '',
      `Fan-out: hostname on ${r.hosts} loopback hosts — ${r.startedAt}`,
      `  ${r.machine.cpus} CPUs (${r.machine.model}), load ${r.machine.loadAvg1mBefore} → ${r.machine.loadAvg1mAfter}; backend database ${r.database}`,
      `  key exchanges seen by sshd: ${kex}`,
      '',
      `  OpsSight (job engine, ${r.concurrency} at a time)   ${w.engine} s   (runs ${w.engineRuns.join(', ')})`,
      `  ssh2 alone (${r.concurrency} at a time)               ${w.ssh2} s   (runs ${w.ssh2Runs.join(', ')})`,
      `  parallel-ssh -p 32                      ${w.pssh32} s   (runs ${w.pssh32Runs.join(', ')})`,
      `  parallel-ssh -p ${String(r.hosts).padEnd(24)}${w.psshAll} s   (runs ${w.psshAllRuns.join(', ')})`,
      `  ansible -f 50, scaled from ${w.ansibleHosts} hosts     ${w.ansibleScaled} s   (measured ${w.ansibleMeasured} s)`,
      `  floor: sshd CPU ${r.cpuSecondsPerHost.sshd} s/connection × ${r.hosts} / ${r.machine.cpus} cores = ${w.floor} s`,
      '',
      `  OpsSight / best pssh   ${r.ratios.engineVsBestPssh}×   (target ≤ ${TARGETS.vsBestPssh}×)  ${r.verdicts.vsBestPssh}`,
      `  OpsSight / floor       ${r.ratios.engineVsFloor}×   (target ≤ ${TARGETS.vsFloor}×)  ${r.verdicts.vsFloor}`,
      `  OpsSight / ansible     ${r.ratios.engineVsAnsible}×`,
      `  ssh2 alone / best pssh ${r.ratios.ssh2VsBestPssh}×, / floor ${r.ratios.ssh2VsFloor}×   (the library with nothing around it)`,
      `  client CPU per host: backend ${r.cpuSecondsPerHost.engineBackend} s, ssh2 alone ${r.cpuSecondsPerHost.ssh2Client} s, ssh (pssh) ${r.cpuSecondsPerHost.psshClients} s, ansible ${r.cpuSecondsPerHost.ansible} s`,
      '',
    ].join('\n'),
  );
}

runMain(main);
