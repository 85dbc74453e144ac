import { execFileSync } from 'node:child_process';
import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
  mkdir,
  symlink,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import {
  findRunProcesses,
  RunDirectories,
  RunDirectory,
} from '@opssight/plugin-runner-node';
import { sshKeygen, startSshd, TestSshd } from '@opssight/plugin-testing-node';
import { checkoutGitSource, gitSourceProblem } from './gitSource';
import { gitRemoteOf } from './gitRemote';
import { checkoutProjectGit, GitRemoteAccess } from './projectGit';

jest.setTimeout(60_000);

let base: string;
let bare: string;
let url: string;
let first: string;
let second: string;
let directories: RunDirectories;
const dirs: RunDirectory[] = [];

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: {
      PATH: '/usr/bin:/bin',
      HOME: base,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  })
    .toString()
    .trim();

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'git-source-'));
  bare = join(base, 'playbooks.git');
  git(base, 'init', '-q', '--bare', '-b', 'main', bare);
  const work = join(base, 'work');
  git(base, 'clone', '-q', bare, work);
  await mkdir(join(work, 'ansible'));
  await writeFile(join(work, 'ansible', 'site.yml'), 'version: 1\n');
  await symlink('/etc', join(work, 'escape'));
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'first');
  first = git(work, 'rev-parse', 'HEAD');
  git(work, 'tag', 'v1');
  await writeFile(join(work, 'ansible', 'site.yml'), 'version: 2\n');
  git(work, 'commit', '-q', '-am', 'second');
  second = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '-q', 'origin', 'main', 'v1');
  url = `file://${bare}`;
  directories = new RunDirectories(join(base, 'runs'));
});
afterAll(async () => {
  await Promise.all(dirs.map(d => d.remove()));
  await rm(base, { recursive: true, force: true });
});

async function checkout(ref?: string, subPath?: string, allowFileUrls = true) {
  const directory = await directories.create('git');
  dirs.push(directory);
  const result = await checkoutGitSource(
    { url, ref, subPath },
    { directory, allowFileUrls },
  );
  const version = await readFile(
    directory.resolve(`${result.projectDir}/site.yml`),
    'utf8',
  ).catch(() => undefined);
  return { ...result, version };
}

describe('checkoutGitSource against a local bare repository', () => {
  it.each([
    ['the default branch', undefined, () => second, 'version: 2\n'],
    ['a branch', 'main', () => second, 'version: 2\n'],
    ['a tag', 'v1', () => first, 'version: 1\n'],
    ['a commit', 'first-commit', () => first, 'version: 1\n'],
  ])(
    'fetches %s and records the exact commit',
    async (_what, ref, commit, version) => {
      const asked = ref === 'first-commit' ? first : ref;
      const result = await checkout(asked, 'ansible');
      expect(result).toEqual({
        commit: commit(),
        projectDir: 'repo/ansible',
        version,
      });
    },
  );

  it('names a ref that does not exist', async () => {
    await expect(checkout('no-such-branch')).rejects.toThrow(
      /^git fetch failed: .*no-such-branch/,
    );
  });

  it('refuses a sub-path that is missing or leads outside the repository', async () => {
    await expect(checkout('main', 'missing')).rejects.toThrow(
      'subPath: missing is not a folder at commit',
    );
    await expect(checkout('main', 'escape')).rejects.toThrow(
      'subPath: escape is not a folder at commit',
    );
  });

  it('refuses file:// URLs unless the configuration allows them', async () => {
    await expect(checkout('main', undefined, false)).rejects.toThrow(
      'url: file:// repositories are not allowed here (automation.allowFileGitUrls)',
    );
  });
});

describe('gitSourceProblem', () => {
  it.each([
    [{ url: '--upload-pack=touch /tmp/x' }, 'url: must not start with "-"'],
    [
      { url: 'http://git.example.com/a.git' },
      'url: use an https:// or ssh:// URL',
    ],
    [{ url: 'git@example.com:group/a.git' }, undefined],
    [
      { url: 'https://user:pw@example.com/a.git' },
      'url: put the credentials in the vault, not in the URL',
    ],
    [
      { url: 'https://example.com/a.git', ref: '--orphan' },
      'ref: a branch, tag or commit (letters, digits, . _ / -)',
    ],
    [
      { url: 'https://example.com/a.git', ref: 'a..b' },
      'ref: a branch, tag or commit (letters, digits, . _ / -)',
    ],
    [
      { url: 'https://example.com/a.git', subPath: '../x' },
      'subPath: a relative folder inside the repository',
    ],
    [
      { url: 'https://example.com/a.git', subPath: '/etc' },
      'subPath: a relative folder inside the repository',
    ],
    [
      {
        url: 'https://example.com/a.git',
        ref: 'release/1.2',
        subPath: 'ansible/site',
      },
      undefined,
    ],
    [{ url: 'ssh://git@example.com/a.git' }, undefined],
  ])('%j → %j', (source, problem) => {
    expect(gitSourceProblem(source, { allowFileUrls: false })).toBe(problem);
  });
});

describe('gitRemoteOf', () => {
  it.each([
    [
      'https://git.example.com/a.git',
      { transport: 'https', host: 'git.example.com', port: 443 },
    ],
    [
      'ssh://git@10.0.0.5:2222/srv/a.git',
      { transport: 'ssh', host: '10.0.0.5', port: 2222, user: 'git' },
    ],
    [
      'git@git.example.com:group/a.git',
      { transport: 'ssh', host: 'git.example.com', port: 22, user: 'git' },
    ],
    ['[::1]:a.git', { transport: 'ssh', host: '::1', port: 22 }],
    ['file:///srv/a.git', { transport: 'file' }],
    ['-oProxyCommand=x:a.git', undefined],
    ['ftp://example.com/a.git', undefined],
  ])('%s', (written, remote) => {
    expect(gitRemoteOf(written)).toEqual(remote);
  });
});

describe('checkoutGitSource over SSH (git-upload-pack through a loopback sshd)', () => {
  let sshd: TestSshd;
  let sshUrl: string;
  const policy = new OutboundAddressPolicy(
    ['127.0.0.1/32'],
    'automation.git.allowedNetworks',
  );
  beforeAll(async () => {
    sshd = await startSshd();
    sshUrl = `ssh://${sshd.username}@127.0.0.1:${sshd.port}${bare}`;
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  /** Every regular file under a folder, as text. */
  async function filesUnder(root: string): Promise<Array<[string, string]>> {
    const out: Array<[string, string]> = [];
    for (const entry of await readdir(root, { withFileTypes: true }).catch(
      () => [],
    )) {
      const path = join(root, entry.name);
      if (entry.isDirectory()) out.push(...(await filesUnder(path)));
      else if (entry.isFile()) {
        out.push([path, await readFile(path, 'latin1').catch(() => '')]);
      }
    }
    return out;
  }

  it('fetches with the key in a per-fetch agent, pins the host key on first use, and the key is in no argv, environment or file', async () => {
    const directory = await directories.create('git');
    dirs.push(directory);
    // Any line of the key's body would give it away.
    const keyLines = sshd.clientPrivateKey
      .split('\n')
      .filter(line => line.length > 20 && !line.startsWith('-----'));
    const leaks: string[] = [];
    const seen = new Set<string>();
    const scan = async () => {
      for (const pid of await findRunProcesses(directory.id)) {
        for (const file of ['cmdline', 'environ']) {
          const text = await readFile(`/proc/${pid}/${file}`, 'latin1').catch(
            () => '',
          );
          if (file === 'cmdline') seen.add(text.split('\0')[0]);
          if (keyLines.some(line => text.includes(line))) {
            leaks.push(`${pid}/${file}`);
          }
        }
      }
      for (const [path, text] of await filesUnder(directory.path)) {
        if (keyLines.some(line => text.includes(line))) leaks.push(path);
      }
    };
    let scanning = true;
    const scanner = (async () => {
      while (scanning) {
        await scan();
        await new Promise(resolve => setTimeout(resolve, 10));
      }
    })();
    let result;
    try {
      result = await checkoutGitSource(
        { url: sshUrl, ref: 'main', subPath: 'ansible' },
        {
          directory,
          allowFileUrls: false,
          policy,
          auth: { kind: 'ssh', privateKey: sshd.clientPrivateKey },
        },
      );
    } finally {
      scanning = false;
      await scanner;
    }
    await scan();
    expect(result).toEqual({
      commit: second,
      projectDir: 'repo/ansible',
      hostKey: sshd.hostPublicKey,
    });
    expect([...seen]).toEqual(expect.arrayContaining(['git', 'ssh']));
    expect(leaks).toEqual([]);

    // The pinned key from now on: the fetch works and learns nothing new.
    const again = await directories.create('git');
    dirs.push(again);
    await expect(
      checkoutGitSource(
        { url: sshUrl, ref: 'v1' },
        {
          directory: again,
          allowFileUrls: false,
          policy,
          hostKey: `${sshd.hostPublicKey} comment`,
          auth: { kind: 'ssh', privateKey: sshd.clientPrivateKey },
        },
      ),
    ).resolves.toEqual({ commit: first, projectDir: 'repo' });
  });

  it("pins the key a project's first fetch meets, shows its fingerprint, and fetches with it from then on", async () => {
    const pinned = new Map<string, { url: string; key?: string }>([
      ['p1', { url: sshUrl }],
    ]);
    const access: GitRemoteAccess = {
      allowFileUrls: false,
      policy,
      hostKeyOf: async id => pinned.get(id)?.key,
      pinHostKey: async (id, fetched, key) => {
        const project = pinned.get(id);
        if (!project || project.url !== fetched || project.key) return false;
        project.key = key;
        return true;
      },
    };
    const fetchProject = async () => {
      const directory = await directories.create('git');
      dirs.push(directory);
      let log = '';
      const fetched = await checkoutProjectGit(
        { url: sshUrl, ref: 'main', projectId: 'p1' },
        {
          access,
          allowFileUrls: false,
          directory,
          credential: {
            kind: 'ssh-key',
            username: sshd.username,
            privateKey: sshd.clientPrivateKey,
          },
          log: text => {
            log += text;
          },
        },
      );
      return { checkout: fetched, log };
    };
    const firstFetch = await fetchProject();
    expect(firstFetch.checkout.commit).toBe(second);
    expect(pinned.get('p1')?.key).toBe(sshd.hostPublicKey);
    expect(firstFetch.log).toContain(
      `pinned the git server's host key ${sshd.hostKeyFingerprint}`,
    );
    const secondFetch = await fetchProject();
    expect(secondFetch.checkout).toEqual({
      commit: second,
      projectDir: 'repo',
    });
    expect(secondFetch.log).not.toContain('pinned');
  });

  it('fails with "host key changed" when the remote presents a key other than the pinned one', async () => {
    const other = await sshKeygen(base, 'other-host-key', [
      '-t',
      'ed25519',
      '-N',
      '',
    ]);
    const directory = await directories.create('git');
    dirs.push(directory);
    await expect(
      checkoutGitSource(
        { url: sshUrl },
        {
          directory,
          allowFileUrls: false,
          policy,
          hostKey: other.publicKey,
          auth: { kind: 'ssh', privateKey: sshd.clientPrivateKey },
        },
      ),
    ).rejects.toThrow(/^host key changed: 127\.0\.0\.1 presented a key other/);
  });

  it('refuses a remote at a link-local, metadata or unlisted loopback address, naming source.url', async () => {
    const fetchFrom = async (remote: string, with_ = policy) => {
      const directory = await directories.create('git');
      dirs.push(directory);
      return checkoutGitSource(
        { url: remote },
        { directory, allowFileUrls: false, policy: with_ },
      );
    };
    await expect(fetchFrom('ssh://git@169.254.169.254/a.git')).rejects.toThrow(
      'source.url: 169.254.169.254 is a link-local address (cloud metadata services live there), which OpsSight never connects to',
    );
    await expect(fetchFrom('https://169.254.169.254/a.git')).rejects.toThrow(
      /^source\.url: 169\.254\.169\.254 is a link-local/,
    );
    await expect(fetchFrom('git@169.254.169.254:a.git')).rejects.toThrow(
      /^source\.url: 169\.254\.169\.254 is a link-local/,
    );
    await expect(
      fetchFrom('https://metadata.google.internal/a.git'),
    ).rejects.toThrow(
      /^source\.url: metadata\.google\.internal is a cloud metadata service/,
    );
    await expect(
      fetchFrom(
        sshUrl,
        new OutboundAddressPolicy([], 'automation.git.allowedNetworks'),
      ),
    ).rejects.toThrow(
      'source.url: 127.0.0.1 is a loopback address; only networks an admin lists in automation.git.allowedNetworks may be used',
    );
  });
});
