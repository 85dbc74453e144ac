/*
 * A throwaway OpenSSH server for end-to-end tests: Debian's /usr/sbin/sshd on a free
 * port of a loopback address, with its own host key in a temp folder. Connection tests
 * only need the key exchange, so nobody ever logs in.
 *
 *   const sshd = await startSshd({ host: '127.77.0.1' });
 *   ... sshd.port, sshd.fingerprint ...
 *   await sshd.stop();
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestSshd {
  host: string;
  port: number;
  /** `SHA256:…` of the host key, as ssh-keygen -l prints it. */
  fingerprint: string;
  stop(): Promise<void>;
}

const SSHD = process.env.OPSSIGHT_SSHD ?? '/usr/sbin/sshd';

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForBanner(host: string, port: number, child: ChildProcess) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`sshd exited with status ${child.exitCode}`);
    }
    const banner = await new Promise<string>(resolve => {
      const socket = net.connect({ host, port });
      socket.setTimeout(1000);
      socket.once('data', data => {
        socket.destroy();
        resolve(data.toString());
      });
      socket.once('error', () => resolve(''));
      socket.once('timeout', () => {
        socket.destroy();
        resolve('');
      });
    });
    if (banner.startsWith('SSH-')) return;
    if (Date.now() > deadline) {
      throw new Error(`sshd did not answer on ${host}:${port}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

export async function startSshd(
  options: { host?: string } = {},
): Promise<TestSshd> {
  const host = options.host ?? '127.0.0.1';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opssight-e2e-sshd-'));
  const hostKey = path.join(dir, 'host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${hostKey}.pub`])
    .toString()
    .split(' ')[1];
  fs.writeFileSync(path.join(dir, 'authorized_keys'), '');
  // sshd insists on its privilege separation directory when started as root.
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true });

  const port = await freePort(host);
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      `ListenAddress ${host}`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'MaxStartups 1000',
      '',
    ].join('\n'),
  );

  // -D: stay in the foreground, so this process owns it; -e: log to stderr.
  const child = spawn(SSHD, ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', chunk => {
    log += chunk;
  });
  try {
    await waitForBanner(host, port, child);
  } catch (error) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${log}`);
  }

  return {
    host,
    port,
    fingerprint,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
