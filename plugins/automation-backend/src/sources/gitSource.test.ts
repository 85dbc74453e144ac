import { execFileSync } from 'node:child_process';
import {
  mkdtemp,
  readFile,
  rm,
  writeFile,
  mkdir,
  symlink,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunDirectories, RunDirectory } from '@opssight/plugin-runner-node';
import { checkoutGitSource, gitSourceProblem } from './gitSource';

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
    [{ url: 'git@example.com:a.git' }, 'url: use an https:// or ssh:// URL'],
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
