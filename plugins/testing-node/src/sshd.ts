import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  access,
  constants,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './listeners';

const SSHD_PATH = '/usr/sbin/sshd';
const READY_TIMEOUT_MS = 10_000;
const LOG_TAIL_CHARS = 8_000;

// sshd forks a process per connection and each session forks the user's
// command, none of which stay in our process group. Every one of them carries
// this variable (inherited from the daemon, or set by SetEnv for sessions), so
// stop() can find and kill them all.
const MARKER_VARIABLE = 'OPSSIGHT_TEST_SSHD';

const execFileAsync = promisify(execFile);

/** @public */
export interface StartSshdOptions {
  /** Defaults to a free high port. */
  port?: number;
  /**
   * Defaults to `['127.0.0.1']`. The first address is returned as `host`
   * (a wildcard as its loopback address).
   */
  listenAddresses?: string[];
  /** sshd's `MaxStartups`; defaults to 1000 so fan-out tests are not throttled. */
  maxStartups?: number;
}

/**
 * A private OpenSSH server for one test suite. Call `stop()` in `afterAll`.
 *
 * @public
 */
export interface TestSshd {
  host: string;
  port: number;
  /** The user to log in as: the user running the tests. */
  username: string;
  /** OpenSSH private key text that the server accepts for `username`. */
  clientPrivateKey: string;
  clientKeyPath: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (`SHA256:…`). */
  hostKeyFingerprint: string;
  /** The host public key in OpenSSH text form (`ssh-ed25519 AAAA…`, no comment). */
  hostPublicKey: string;
  /** Replaces the host key and restarts sshd on the same port; resolves to the new fingerprint. */
  regenerateHostKey(): Promise<string>;
  /** Kills the daemon, its connections and every command they started, and removes its files. */
  stop(): Promise<void>;
  /** The end of sshd's log (its stderr), to assert on what the server saw. */
  log(): string;
}

class DebianSshd implements TestSshd {
  readonly username = userInfo().username;
  readonly clientKeyPath: string;
  clientPrivateKey = '';
  hostKeyFingerprint = '';
  hostPublicKey = '';
  private readonly hostKeyPath: string;
  private readonly configPath: string;
  private daemon: ChildProcess | undefined;
  private recentLog = '';

  static async start(dir: string, options: StartSshdOptions) {
    const listenAddresses = options.listenAddresses ?? ['127.0.0.1'];
    const port = options.port ?? (await freePort());
    const sshd = new DebianSshd(dir, connectAddress(listenAddresses[0]), port);

    await generateKey(sshd.clientKeyPath);
    sshd.clientPrivateKey = await readFile(sshd.clientKeyPath, 'utf8');
    await generateKey(sshd.hostKeyPath);
    sshd.hostKeyFingerprint = await keygenFingerprint(sshd.hostKeyPath);
    sshd.hostPublicKey = await publicKeyText(sshd.hostKeyPath);
    await writeFile(
      sshd.configPath,
      sshdConfig({
        dir,
        port,
        listenAddresses,
        maxStartups: options.maxStartups ?? 1000,
        hostKeyPath: sshd.hostKeyPath,
        authorizedKeysPath: `${sshd.clientKeyPath}.pub`,
      }),
    );
    await sshd.launch();
    return sshd;
  }

  private constructor(
    private readonly dir: string,
    readonly host: string,
    readonly port: number,
  ) {
    this.clientKeyPath = join(dir, 'client_ed25519');
    this.hostKeyPath = join(dir, 'ssh_host_ed25519_key');
    this.configPath = join(dir, 'sshd_config');
  }

  async regenerateHostKey(): Promise<string> {
    await this.kill();
    await rm(this.hostKeyPath, { force: true });
    await rm(`${this.hostKeyPath}.pub`, { force: true });
    await generateKey(this.hostKeyPath);
    this.hostKeyFingerprint = await keygenFingerprint(this.hostKeyPath);
    this.hostPublicKey = await publicKeyText(this.hostKeyPath);
    await this.launch();
    return this.hostKeyFingerprint;
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  log(): string {
    return this.recentLog;
  }

  private async launch() {
    if (process.getuid?.() === 0) {
      // sshd's privilege separation directory; Debian creates it only at boot.
      await mkdir('/run/sshd', { recursive: true });
    }
    // setpriv makes the kernel kill sshd if the test process dies before
    // its afterAll runs; otherwise the daemon would keep the port forever.
    const daemon = spawn(
      'setpriv',
      [
        '--pdeathsig',
        'KILL',
        '--',
        SSHD_PATH,
        '-D',
        '-e',
        '-f',
        this.configPath,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, [MARKER_VARIABLE]: this.dir },
      },
    );
    this.daemon = daemon;

    // sshd logs every connection; the pipe must be drained or it blocks.
    daemon.stderr?.on('data', chunk => {
      this.recentLog = (this.recentLog + chunk).slice(-LOG_TAIL_CHARS);
    });
    const spawnError = new Promise<never>((_, reject) =>
      daemon.once('error', reject),
    );

    try {
      await Promise.race([
        waitForBanner(this.host, this.port, daemon),
        spawnError,
      ]);
    } catch (error) {
      await this.kill();
      throw new Error(`sshd did not start: ${error}\n${this.recentLog}`);
    }
  }

  private async kill() {
    const daemon = this.daemon;
    this.daemon = undefined;
    if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
      const exited = once(daemon, 'exit');
      daemon.kill('SIGKILL');
      await exited;
    }
    // With the listener gone no new connections arrive, but sessions may still
    // be forking, so repeat until nothing marked is left.
    for (let round = 0; round < 10; round++) {
      const pids = await markedProcesses(this.dir);
      if (pids.length === 0) {
        return;
      }
      pids.forEach(killQuietly);
      await sleep(20);
    }
  }
}

/**
 * Starts Debian's `/usr/sbin/sshd` from a fresh temporary folder, with its own
 * host key and a client key pair generated for the test.
 *
 * @public
 */
export async function startSshd(
  options: StartSshdOptions = {},
): Promise<TestSshd> {
  try {
    await access(SSHD_PATH, constants.X_OK);
  } catch {
    throw new Error(
      "install Debian's openssh-server (`apt-get install -y openssh-server`)",
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'opssight-sshd-'));
  try {
    return await DebianSshd.start(dir, options);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

// A daemon listening on every address is reached through loopback.
function connectAddress(listenAddress: string) {
  if (listenAddress === '0.0.0.0') {
    return '127.0.0.1';
  }
  return listenAddress === '::' ? '::1' : listenAddress;
}

function sshdConfig(options: {
  dir: string;
  port: number;
  listenAddresses: string[];
  maxStartups: number;
  hostKeyPath: string;
  authorizedKeysPath: string;
}) {
  return [
    `Port ${options.port}`,
    ...options.listenAddresses.map(address => `ListenAddress ${address}`),
    `HostKey ${options.hostKeyPath}`,
    `PidFile ${join(options.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${options.authorizedKeysPath}`,
    // The temporary folder's permissions are not the ones sshd insists on.
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    `MaxStartups ${options.maxStartups}`,
    // Bash sources ~/.bashrc for sshd sessions only as a top-level shell. The
    // machine's rc files are not the test's business, and some take locks
    // (pyenv's rehash) that a session killed by stop() would leave behind.
    `SetEnv ${MARKER_VARIABLE}=${options.dir} SHLVL=1`,
    '',
  ].join('\n');
}

async function generateKey(path: string) {
  await execFileAsync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'opssight-test',
    '-f',
    path,
  ]);
}

async function keygenFingerprint(privateKeyPath: string): Promise<string> {
  // Output: "256 SHA256:<base64> <comment> (ED25519)"
  const { stdout } = await execFileAsync('ssh-keygen', [
    '-l',
    '-E',
    'sha256',
    '-f',
    `${privateKeyPath}.pub`,
  ]);
  return stdout.split(' ')[1];
}

async function publicKeyText(privateKeyPath: string): Promise<string> {
  // The .pub file: "<type> <base64> <comment>"
  const [type, key] = (await readFile(`${privateKeyPath}.pub`, 'utf8')).split(
    ' ',
  );
  return `${type} ${key.trim()}`;
}

async function waitForBanner(host: string, port: number, daemon: ChildProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (daemon.exitCode !== null || daemon.signalCode !== null) {
      throw new Error(
        `sshd exited (${daemon.exitCode ?? daemon.signalCode}) while starting`,
      );
    }
    try {
      const banner = await readFirstLine(host, port);
      if (banner.startsWith('SSH-')) {
        return;
      }
      lastError = new Error(`unexpected banner ${JSON.stringify(banner)}`);
    } catch (error) {
      lastError = error;
    }
    await sleep(50);
  }
  throw new Error(
    `no SSH banner on ${host}:${port} within ${READY_TIMEOUT_MS} ms (${lastError})`,
  );
}

function readFirstLine(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    socket.setTimeout(1000, () =>
      socket.destroy(new Error('timed out waiting for the banner')),
    );
    socket.on('data', chunk => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end >= 0) {
        socket.destroy();
        resolve(received.slice(0, end).trim());
      }
    });
    socket.on('error', reject);
    socket.on('close', () =>
      reject(new Error('connection closed before the banner')),
    );
  });
}

async function markedProcesses(dir: string): Promise<number[]> {
  const marker = `${MARKER_VARIABLE}=${dir}`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) {
      continue;
    }
    try {
      const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
      if (environ.split('\0').includes(marker)) {
        pids.push(pid);
      }
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return pids;
}

function killQuietly(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Exited between the scan and the kill.
  }
}
