import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startSshd, TestSshd } from '@opssight/plugin-testing-node';
import {
  findRunProcesses,
  RunDirectories,
  RunDirectory,
} from '@opssight/plugin-runner-node';
import { AnsibleEvent } from './events';
import { AnsibleHost, runPlaybook, RunPlaybookOptions } from './runPlaybook';

jest.setTimeout(120_000);

const net = `127.91.${1 + Math.floor(Math.random() * 250)}`;
const address = (n: number) => `${net}.${n}`;
const OTHER_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHrz1ZrUxd1FQtN4RVk6e4Hq9gX3VlHdIw0Qc2kqsR7x';

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  tasks:
    - name: reach the host
      ping:
    - name: change something
      command: "true"
      changed_when: true
    - name: web-2 fails on purpose
      fail:
        msg: web-2 fails on purpose
      when: inventory_hostname == 'web-2'
    - name: a secret stays hidden
      debug:
        msg: "{{ survey_password | default('none') }}"
      no_log: true
    - name: the secret answer reached the play
      assert:
        that: survey_password | default('') == 'survey-s3cret'
`;

let sshd: TestSshd;
let directories: RunDirectories;
const dirs: RunDirectory[] = [];

beforeAll(async () => {
  sshd = await startSshd({
    listenAddresses: [address(1), address(2), address(3)],
  });
  directories = RunDirectories.forPlugin(`automation-test-${process.pid}`);
});
afterAll(async () => {
  await Promise.all(dirs.map(d => d.remove()));
  await sshd?.stop();
});

function host(n: number, overrides: Partial<AnsibleHost> = {}): AnsibleHost {
  return {
    name: `web-${n}`,
    machineId: `m-${n}`,
    address: address(n),
    port: sshd.port,
    user: sshd.username,
    hostPublicKey: sshd.hostPublicKey,
    ...overrides,
  };
}

async function prepare(playbook = PLAYBOOK) {
  const directory = await directories.create('test');
  dirs.push(directory);
  await directory.writeFile('project/site.yml', playbook);
  return directory;
}

async function run(
  directory: RunDirectory,
  overrides: Partial<RunPlaybookOptions> = {},
) {
  let output = '';
  const events: AnsibleEvent[] = [];
  const result = await runPlaybook({
    directory,
    projectDir: 'project',
    playbook: 'site.yml',
    inventory: {
      hosts: [host(1), host(2), host(3, { hostPublicKey: OTHER_KEY }), host(4)],
      groups: { web: { hosts: ['web-1', 'web-2'] } },
    },
    options: { forks: 10, connectTimeoutSeconds: 5 },
    secrets: {
      sshKey: { privateKey: sshd.clientPrivateKey },
      extraVars: { survey_password: 'survey-s3cret' },
    },
    onOutput: text => {
      output += text;
    },
    onEvent: event => events.push(event),
    ...overrides,
  });
  return { ...result, output, events };
}

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path).catch(() => Buffer.alloc(0)))
    .digest('hex');

describe('runPlaybook with the real ansible-playbook against a loopback sshd', () => {
  it('gives each host its result per task and the recap; a changed host key is unreachable, not trusted', async () => {
    const userKnownHosts = join(homedir(), '.ssh', 'known_hosts');
    const before = await sha(userKnownHosts);
    const directory = await prepare();
    const r = await run(directory);

    expect(r.exitCode).toBe(4); // ansible-playbook: a host was unreachable
    const { results } = r;
    expect(results.tasks.map(t => t.name)).toEqual([
      'reach the host',
      'change something',
      'web-2 fails on purpose',
      'a secret stays hidden',
      'the secret answer reached the play',
    ]);
    expect(results.tasks[2].path).toMatch(/^site\.yml:\d+$/);
    expect(
      ['web-1', 'web-2', 'web-3', 'web-4'].map(h => results.outcome(h)),
    ).toEqual(['changed', 'failed', 'unreachable', 'unreachable']);
    expect(results.recap).toMatchObject({
      'web-1': { ok: 4, changed: 1, failures: 0, unreachable: 0, skipped: 1 },
      'web-2': { ok: 2, changed: 1, failures: 1, unreachable: 0 },
      'web-3': { unreachable: 1, ok: 0 },
      'web-4': { unreachable: 1, ok: 0 },
    });
    expect([...results.hostKeyChanged]).toEqual(['web-3']);

    const web1 = results.cells.get('web-1')!;
    const [ping, change, fail, hidden] = results.tasks.map(t => web1.get(t.id));
    expect(ping).toMatchObject({ status: 'ok', changed: false });
    expect(change).toMatchObject({ status: 'ok', changed: true });
    expect(change!.durationMs).toBeGreaterThanOrEqual(0);
    expect(fail).toMatchObject({ status: 'skipped' });
    expect(hidden).toEqual(expect.objectContaining({ hidden: true }));
    expect(JSON.stringify(r.events)).not.toContain('survey-s3cret');
    expect(
      results.cells.get('web-2')!.get(results.tasks[2].id)!.result,
    ).toMatchObject({ msg: 'web-2 fails on purpose' });

    expect(r.output).toContain('PLAY RECAP');
    expect(r.output).not.toContain('survey-s3cret');
    expect(await sha(userKnownHosts)).toBe(before);
    await directory.remove();
    expect(await findRunProcesses(directory.id)).toEqual([]);
  });

  it('check mode changes nothing', async () => {
    const directory = await prepare(`
- hosts: all
  gather_facts: false
  tasks:
    - name: would write a file
      copy:
        dest: "/tmp/opssight-check-mode-{{ inventory_hostname }}"
        content: "x"
`);
    const r = await run(directory, {
      inventory: { hosts: [host(1)] },
      options: { forks: 5, check: true },
      secrets: { sshKey: { privateKey: sshd.clientPrivateKey } },
    });
    expect(r.exitCode).toBe(0);
    expect(r.results.recap?.['web-1']).toMatchObject({
      changed: 1,
      failures: 0,
    });
    await expect(stat('/tmp/opssight-check-mode-web-1')).rejects.toThrow(
      'ENOENT',
    );
  });

  it('limit runs on the named hosts only', async () => {
    const directory = await prepare();
    const r = await run(directory, {
      options: { forks: 5, limit: ['web-2'] },
    });
    expect(Object.keys(r.results.recap ?? {})).toEqual(['web-2']);
  });

  it('keeps every secret out of argv, environment and files while it runs, and masks it in the output', async () => {
    const passphrase = 'key-pass-phrase-9';
    const vaultPassword = 'vault-pw-8c1d';
    const becomePassword = 'become-pw-77aa';
    const surveySecret = 'survey-answer-4e2f';
    const keys = await directories.create('keys');
    dirs.push(keys);
    const encryptedKeyPath = keys.resolve('id');
    execFileSync('cp', [sshd.clientKeyPath, encryptedKeyPath]);
    execFileSync('ssh-keygen', [
      '-q',
      '-p',
      '-N',
      passphrase,
      '-f',
      encryptedKeyPath,
    ]);
    const encryptedKey = await readFile(encryptedKeyPath, 'utf8');

    // A vars file encrypted with the vault password.
    const directory = await prepare(`
- hosts: all
  gather_facts: false
  vars_files:
    - secret-vars.yml
  tasks:
    - name: the vault decrypted
      assert:
        that: vaulted == 'opened'
    - name: take a moment, so the scan sees the run
      command: sleep 3
    - name: echo the survey answer (masked in the log)
      debug:
        msg: "answer={{ answer }}"
`);
    const passwordFile = await keys.writeFile('vault-password', vaultPassword);
    execFileSync(
      'ansible-vault',
      [
        'encrypt',
        '--vault-password-file',
        passwordFile,
        '--output',
        directory.resolve('project/secret-vars.yml'),
        '-',
      ],
      { input: 'vaulted: opened\n' },
    );

    const secrets = [passphrase, vaultPassword, becomePassword, surveySecret];
    const leaks: string[] = [];
    const scan = async () => {
      for (const pid of await findRunProcesses(directory.id)) {
        for (const file of ['cmdline', 'environ']) {
          const text = await readFile(`/proc/${pid}/${file}`, 'latin1').catch(
            () => '',
          );
          for (const s of secrets)
            if (text.includes(s)) leaks.push(`${pid}/${file}: ${s}`);
        }
      }
      for (const file of await listFiles(directory.path)) {
        const text = await readFile(file, 'latin1').catch(() => '');
        for (const s of secrets)
          if (text.includes(s)) leaks.push(`${file}: ${s}`);
      }
    };
    let scans = 0;
    const scanning = setInterval(() => {
      scans++;
      scan();
    }, 300);
    let r;
    try {
      r = await run(directory, {
        inventory: { hosts: [host(1)] },
        secrets: {
          sshKey: { privateKey: encryptedKey, passphrase },
          vaultPassword,
          becomePassword,
          extraVars: { answer: surveySecret },
        },
      });
    } finally {
      clearInterval(scanning);
    }
    await scan();
    expect(scans).toBeGreaterThan(3);
    expect(leaks).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.results.outcome('web-1')).toBe('changed'); // the sleep
    expect(r.output).toContain('answer=********');
    for (const s of secrets) {
      expect(r.output).not.toContain(s);
      expect(JSON.stringify(r.events)).not.toContain(s);
    }
  });

  it('a wrong key passphrase is named, and nothing runs', async () => {
    const directory = await prepare();
    const keyPath = directory.resolve('id');
    execFileSync('cp', [sshd.clientKeyPath, keyPath]);
    execFileSync('ssh-keygen', ['-q', '-p', '-N', 'right-one', '-f', keyPath]);
    await expect(
      run(directory, {
        secrets: {
          sshKey: {
            privateKey: await readFile(keyPath, 'utf8'),
            passphrase: 'wrong-one',
          },
        },
      }),
    ).rejects.toThrow('the SSH key was refused: is its passphrase right?');
  });

  it('cancel interrupts ansible-playbook and leaves no process behind', async () => {
    const directory = await prepare(`
- hosts: all
  gather_facts: false
  tasks:
    - name: long
      command: sleep 600
`);
    const controller = new AbortController();
    const running = run(directory, {
      inventory: { hosts: [host(1), host(2)] },
      signal: controller.signal,
      onEvent: event => {
        if (event.type === 'task') setTimeout(() => controller.abort(), 500);
      },
    });
    const r = await running;
    expect(r.aborted).toBe(true);
    expect(r.sent[0]).toBe('SIGINT');
    await directory.remove();
    expect(await findRunProcesses(directory.id)).toEqual([]);
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(
    () => [],
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
