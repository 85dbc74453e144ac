/*
 * What the benchmarks' clients share: the backend's HTTP API, the provisioning
 * a script would do (an operator with its forced password change done, its SSH
 * key in the vault, machines registered and their host keys pinned), and small
 * statistics helpers. bench/lib/portal.sh starts what these talk to.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export const log = message => process.stderr.write(`[bench] ${message}\n`);

export class UsageError extends Error {}

/**
 * Runs a bench's main() and exits: 0 when it is done, 2 on a UsageError (its
 * message alone), 1 on any other failure (with its stack).
 */
export function runMain(main) {
  main().then(
    () => process.exit(0),
    error => {
      if (error instanceof UsageError) {
        console.error(error.message);
        process.exit(2);
      }
      console.error(`[bench] failed: ${error.stack ?? error}`);
      process.exit(1);
    },
  );
}

/** A BENCH_* variable that run.sh must have set. */
export function envOf(name, script) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this through ${script}`);
  }
  return value;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = values =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export const round = (n, digits = 2) =>
  Number.isFinite(n) ? Number(n.toFixed(digits)) : null;

export async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${ms} ms: ${what}`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const CLOCK_TICKS = Number(
  spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100,
);

/**
 * CPU time of a process so far, in seconds, from /proc: its own (user + system)
 * and that of its children that have ended and been waited for.
 */
export function procTimes(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is stat's 3rd field (state); utime is the 14th.
  const at = n => Number(fields[n - 3]) / CLOCK_TICKS;
  return { self: at(14) + at(15), children: at(16) + at(17) };
}

/** The machine's CPU time from /proc/stat, in ticks: all of it, and the hypervisor's share (steal). */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] };
}

/**
 * Starts watching the CPU time the hypervisor takes from this virtual machine
 * (steal); the returned function gives it as a percentage of all CPU time so
 * far. On a shared host with steal above a few percent, tails (p99, max)
 * measure the neighbours more than the code.
 */
export function watchSteal() {
  const before = machineTicks();
  return () => {
    const after = machineTicks();
    const total = after.total - before.total;
    return total > 0 ? round((100 * (after.steal - before.steal)) / total, 1) : 0;
  };
}

/** Runs fn(i) for i < count, at most `concurrency` at a time. */
export async function inBatches(count, concurrency, fn) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, worker),
  );
  return results;
}

/** The backend's HTTP API, with JSON bodies and a status check. */
export class Api {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
  }

  async call(method, path, { token, body, headers = {}, expect } = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (expect !== undefined && response.status !== expect) {
      throw new Error(
        `${method} ${path}: HTTP ${
          response.status
        } (expected ${expect}): ${text.slice(0, 500)}`,
      );
    }
    return json;
  }

  /** A local account's sign-in, as the sign-in page does it: its Backstage token. */
  async signIn(username, password) {
    const session = await this.call('POST', '/api/auth/opssight/refresh', {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      body: { username, password },
      expect: 200,
    });
    return session.backstageIdentity.token;
  }
}

/**
 * An operator created with the API token (as a provisioning script would), its
 * forced password change done, signed in; its SSH key in the vault as a
 * personal credential.
 */
export async function provisionOperator(api, env, { displayName }) {
  const username = `bench-${Date.now().toString(36)}`;
  const initial = `initial-${randomBytes(12).toString('base64url')}`;
  const password = `own-${randomBytes(12).toString('base64url')}`;
  await api.call('POST', '/api/access/users', {
    token: env.apiToken,
    body: { username, displayName, role: 'operator', password: initial },
    expect: 201,
  });
  const first = await api.signIn(username, initial);
  await api.call('POST', '/api/access/me/password', {
    token: first,
    body: { currentPassword: initial, newPassword: password },
    expect: 200,
  });
  const token = await api.signIn(username, password);
  const credential = await api.call('POST', '/api/vault/credentials', {
    token,
    body: {
      kind: 'ssh-key',
      name: `${displayName} key`,
      scope: 'personal',
      username: env.sshUser,
      privateKey: readFileSync(env.clientKey, 'utf8'),
    },
    expect: 201,
  });
  return { username, token, credentialId: credential.id };
}

/**
 * Registers machines on the bench's sshd (`ips`, all on its port) and pins
 * their host keys with one connection test, checked against the key run.sh
 * generated. Returns the machines.
 */
export async function registerMachines(api, env, session, { ips, prefix }) {
  const machines = await inBatches(ips.length, 8, i =>
    api.call('POST', '/api/machines/machines', {
      token: session.token,
      body: {
        ip: ips[i],
        hostname: `${prefix}-${String(i + 1).padStart(3, '0')}`,
        sshPort: env.sshdPort,
        description: 'bench',
        // No default credential: it must be a shared one (an Admin's), and
        // every test and run here names the session's own key.
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
  // A connection test is a job: finished once it has an end time.
  let run = { job: started, targets: [] };
  const deadline = Date.now() + 300_000;
  while (!run.job.finishedAt) {
    if (Date.now() > deadline) throw new Error('the connection tests hang');
    await sleep(250);
    run = await api.call(
      'GET',
      `/api/machines/connection-tests/${started.id}`,
      { token: session.token, expect: 200 },
    );
  }
  const results = run.targets.map(t => t.meta.check ?? { target: t });
  const failed = results.filter(r => !r.sshOk);
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
    { token: session.token, expect: 200 },
  );
  if (pinned.hostKeyFingerprint !== env.hostFingerprint) {
    throw new Error(
      `pinned host key ${pinned.hostKeyFingerprint}, expected ${env.hostFingerprint}`,
    );
  }
  return machines;
}

/**
 * Waits until a process has been idle (under `busyFraction` of one core) for
 * `quietMs`: work the set-up started in the background (the catalog taking in
 * hundreds of new machines, say) must not run during a timed phase, as it
 * would not on a portal whose machines were registered long before. Gives up
 * after `timeoutMs` and says so; returns the seconds waited.
 */
export async function waitUntilIdle(
  pid,
  { busyFraction = 0.05, quietMs = 3000, stepMs = 500, timeoutMs = 300_000, what = 'the backend' } = {},
) {
  const started = performance.now();
  let quietSince = started;
  let last = procTimes(pid).self;
  for (;;) {
    await sleep(stepMs);
    const now = performance.now();
    const cpu = procTimes(pid).self;
    if (cpu - last > (busyFraction * stepMs) / 1000) quietSince = now;
    last = cpu;
    if (now - quietSince >= quietMs) return round((now - started) / 1000, 1);
    if (now - started > timeoutMs) {
      log(`${what} is still busy after ${Math.round(timeoutMs / 1000)} s; measuring anyway`);
      return round((now - started) / 1000, 1);
    }
  }
}
