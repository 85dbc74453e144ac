import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRunProcesses } from './processes';
import { RunDirectories } from './RunDirectories';
import { startSshAgent } from './sshAgent';

jest.setTimeout(30_000);

let base: string;
let directories: RunDirectories;
let key: { privateKey: string; fingerprint: string };
const PASSPHRASE = 'correct horse battery';
const env = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'ssh-agent-'));
  directories = new RunDirectories(join(base, 'runs'));
  const file = join(base, 'id');
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-C',
    '',
    '-N',
    PASSPHRASE,
    '-f',
    file,
  ]);
  key = {
    privateKey: await readFile(file, 'utf8'),
    fingerprint: execFileSync('ssh-keygen', ['-lf', `${file}.pub`])
      .toString()
      .split(' ')[1],
  };
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('startSshAgent', () => {
  it('holds the key, its passphrase read from a pipe, and stops with nothing left', async () => {
    const directory = await directories.create('agent');
    try {
      const agent = await startSshAgent({
        directory,
        key: { privateKey: key.privateKey, passphrase: PASSPHRASE },
        env,
      });
      const listed = execFileSync('ssh-add', ['-l'], {
        env: { ...env, SSH_AUTH_SOCK: agent.socket },
      }).toString();
      expect(listed).toContain(key.fingerprint);
      expect(await findRunProcesses(directory.id)).toHaveLength(1);
      await agent.stop();
      expect(await findRunProcesses(directory.id)).toEqual([]);
    } finally {
      await directory.remove();
    }
  });

  it('names a wrong passphrase and leaves no agent running', async () => {
    const directory = await directories.create('agent');
    try {
      await expect(
        startSshAgent({
          directory,
          key: { privateKey: key.privateKey, passphrase: 'wrong' },
          env,
        }),
      ).rejects.toThrow('the SSH key was refused: is its passphrase right?');
      expect(await findRunProcesses(directory.id)).toEqual([]);
    } finally {
      await directory.remove();
    }
  });
});
