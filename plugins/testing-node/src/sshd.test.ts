import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startSshd, TestSshd } from './sshd';

// Real daemons and key generation on a shared 2-core machine: Jest's 5 s
// default is too tight when other work is running.
jest.setTimeout(30_000);

const execFileAsync = promisify(execFile);

function sshArgs(sshd: TestSshd, command: string) {
  return [
    '-v',
    '-i',
    sshd.clientKeyPath,
    '-p',
    String(sshd.port),
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    `${sshd.username}@${sshd.host}`,
    command,
  ];
}

/** Runs a command through OpenSSH's own client and reports the host key it saw. */
async function sshRun(sshd: TestSshd, command: string) {
  const { stdout, stderr } = await execFileAsync('ssh', sshArgs(sshd, command));
  const hostKey = /Server host key: ssh-ed25519 (SHA256:\S+)/.exec(stderr);
  return { stdout, hostKeyFingerprint: hostKey?.[1] };
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host, port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function pidsRunning(commandLine: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    try {
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.split('\0').join(' ').trim() === commandLine) {
        pids.push(Number(entry));
      }
    } catch {
      // not a process, or gone
    }
  }
  return pids;
}

describe('startSshd', () => {
  let sshd: TestSshd;

  beforeAll(async () => {
    sshd = await startSshd();
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  it('lets the client key log in and presents the advertised host key', async () => {
    const result = await sshRun(sshd, 'id -un');

    expect(sshd.host).toBe('127.0.0.1');
    expect(result.stdout).toBe(`${sshd.username}\n`);
    expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(result.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
    expect(sshd.clientPrivateKey).toContain(
      '-----BEGIN OPENSSH PRIVATE KEY-----',
    );
    expect(await readFile(sshd.clientKeyPath, 'utf8')).toBe(
      sshd.clientPrivateKey,
    );
  });

  it("runs commands without the machine's shell start-up files", async () => {
    const result = await sshRun(
      sshd,
      'echo "$SHLVL ${OPSSIGHT_TEST_SSHD:+marked}"',
    );

    expect(result.stdout).toBe('2 marked\n');
  });

  it('regenerates the host key on the same port', async () => {
    const before = sshd.hostKeyFingerprint;
    const after = await sshd.regenerateHostKey();
    const result = await sshRun(sshd, 'true');

    expect(after).not.toBe(before);
    expect(sshd.hostKeyFingerprint).toBe(after);
    expect(result.hostKeyFingerprint).toBe(after);
  });
});

describe('startSshd options', () => {
  it('listens on the given addresses only', async () => {
    const sshd = await startSshd({ listenAddresses: ['127.0.0.2'] });
    try {
      expect(sshd.host).toBe('127.0.0.2');
      expect(await canConnect('127.0.0.2', sshd.port)).toBe(true);
      expect(await canConnect('127.0.0.1', sshd.port)).toBe(false);
    } finally {
      await sshd.stop();
    }
  });
});

describe('TestSshd.stop', () => {
  it('kills the daemon and the commands its sessions started', async () => {
    const sshd = await startSshd();
    // A command line no other process on the machine has.
    const command = `sleep ${3000 + (process.pid % 1000)}.5`;
    const client = spawn('ssh', sshArgs(sshd, command), { stdio: 'ignore' });
    const clientExited = once(client, 'exit');
    try {
      let pids: number[] = [];
      for (let i = 0; i < 100 && pids.length === 0; i++) {
        await sleep(50);
        pids = await pidsRunning(command);
      }
      expect(pids).toHaveLength(1);

      await sshd.stop();

      expect(await pidsRunning(command)).toEqual([]);
      expect(await canConnect(sshd.host, sshd.port)).toBe(false);
      await clientExited;
    } finally {
      client.kill();
      await sshd.stop();
    }
  });
});
