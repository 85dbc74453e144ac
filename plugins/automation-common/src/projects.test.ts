import { describeIssues } from '@opssight/plugin-validation-common';
import {
  createProjectSchema,
  diffQuerySchema,
  gitUrlProblem,
  playbookPaths,
  saveVersionSchema,
  STARTER_PLAYBOOK,
  updateProjectSchema,
} from './projects';

const problems = (schema: { safeParse(v: unknown): any }, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? undefined : describeIssues(result.error);
};

describe('createProjectSchema', () => {
  it('reads a stored and a git project, with defaults', () => {
    expect(
      createProjectSchema.parse({ name: ' web ', source: { kind: 'files' } }),
    ).toEqual({ name: 'web', description: '', source: { kind: 'files' } });
    expect(
      createProjectSchema.parse({
        name: 'infra',
        description: 'the playbooks',
        source: {
          kind: 'git',
          url: 'https://git.example.com/ops/infra.git',
          ref: 'main',
          subPath: 'ansible/',
        },
      }),
    ).toEqual({
      name: 'infra',
      description: 'the playbooks',
      source: {
        kind: 'git',
        url: 'https://git.example.com/ops/infra.git',
        ref: 'main',
        subPath: 'ansible',
        credentialId: null,
      },
    });
  });

  const git = (over: object) => ({
    name: 'p',
    source: { kind: 'git', url: 'ssh://git@h/r.git', ref: 'main', ...over },
  });
  it.each([
    ['no name', { source: { kind: 'files' } }, 'name: is required'],
    [
      'a blank name',
      { name: '  ', source: { kind: 'files' } },
      'name: is required',
    ],
    [
      'a long name',
      { name: 'x'.repeat(101), source: { kind: 'files' } },
      'name: must be at most 100 characters',
    ],
    [
      'a long description',
      { name: 'p', description: 'x'.repeat(2001), source: { kind: 'files' } },
      'description: must be at most 2000 characters',
    ],
    [
      'a control character in the name',
      { name: 'a\tb', source: { kind: 'files' } },
      'name: must not contain control characters',
    ],
    ['an unknown kind', { name: 'p', source: { kind: 'svn' } }, 'source.kind'],
    [
      'an http URL',
      git({ url: 'http://h/r.git' }),
      'source.url: use an https:// or ssh:// URL',
    ],
    [
      'an scp-like URL whose host is an option',
      git({ url: '-oProxyCommand=x:r.git' }),
      'source.url: must not start with "-"',
    ],
    [
      'a host key that is no public key',
      git({ hostKey: 'SHA256:abc' }),
      'source.hostKey: an SSH public key as OpenSSH writes it',
    ],
    [
      'an option as URL',
      git({ url: '--upload-pack=x' }),
      'source.url: must not start with "-"',
    ],
    [
      'credentials in the URL',
      git({ url: 'https://me:pw@h/r.git' }),
      'source.url: put the credentials in the vault, not in the URL',
    ],
    ['no ref', git({ ref: '' }), 'source.ref: is required'],
    [
      'a ref with ..',
      git({ ref: 'a..b' }),
      'source.ref: a branch, tag or commit',
    ],
    ['a ref option', git({ ref: '-x' }), 'source.ref: a branch, tag or commit'],
    [
      'a sub-path leaving',
      git({ subPath: '../x' }),
      'source.subPath: a relative folder',
    ],
    [
      'an absolute sub-path',
      git({ subPath: '/etc' }),
      'source.subPath: a relative folder',
    ],
    [
      'a bad credential',
      git({ credentialId: 'mine' }),
      'source.credentialId: must be a credential id',
    ],
    [
      'an unknown field',
      { name: 'p', source: { kind: 'files' }, colour: 1 },
      'colour',
    ],
  ])('names %s', (_what, body, problem) => {
    expect(problems(createProjectSchema, body)).toContain(problem);
  });

  it("takes git's scp-like SSH URLs and a pinned host key, without its comment", () => {
    const parsed = createProjectSchema.parse(
      git({
        url: 'git@git.example.com:ops/playbooks.git',
        hostKey: ' ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6t root@git ',
      }),
    );
    expect(parsed.source).toMatchObject({
      url: 'git@git.example.com:ops/playbooks.git',
      hostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6t',
    });
    expect(
      gitUrlProblem('[fd00::5]:ops/playbooks.git', { allowFileUrls: false }),
    ).toBeUndefined();
    expect(
      gitUrlProblem('git@h:/srv/r.git //x', { allowFileUrls: false }),
    ).toBe('url: use an https:// or ssh:// URL');
  });

  it('leaves file:// to the backend, which decides by configuration', () => {
    expect(
      problems(createProjectSchema, git({ url: 'file:///srv/r.git' })),
    ).toBeUndefined();
    expect(
      gitUrlProblem('file:///srv/r.git', { allowFileUrls: false }),
    ).toMatch(/^url: file:\/\/ repositories are not allowed/);
  });

  it('lets an edit change some fields only', () => {
    expect(updateProjectSchema.parse({ description: 'new' })).toEqual({
      description: 'new',
    });
    expect(problems(updateProjectSchema, { name: '' })).toBe(
      'name: is required',
    );
  });
});

describe('saveVersionSchema and diffQuerySchema', () => {
  it.each([
    [
      'baseVersion: must be the version the edit started from',
      { message: 'x', files: [STARTER_PLAYBOOK] },
    ],
    [
      'baseVersion: must be 1 or more',
      { baseVersion: 0, files: [STARTER_PLAYBOOK] },
    ],
    ['files: a project needs at least one file', { baseVersion: 1, files: [] }],
    [
      'files.0.content: must be text',
      { baseVersion: 1, files: [{ path: 'a.yml', content: 3 }] },
    ],
    [
      'message: must be at most 1000 characters',
      { baseVersion: 1, message: 'x'.repeat(1001), files: [STARTER_PLAYBOOK] },
    ],
  ])('says %s', (problem, body) => {
    expect(problems(saveVersionSchema, body)).toBe(problem);
  });

  it('reads versions from the query', () => {
    expect(diffQuerySchema.parse({ from: '1', to: '3' })).toEqual({
      from: 1,
      to: 3,
    });
    expect(problems(diffQuerySchema, { from: 'x', to: '2' })).toBe(
      'from: must be a version number',
    );
  });
});

describe('playbookPaths', () => {
  it('finds the top-level plays, broken ones included', () => {
    expect(
      playbookPaths([
        STARTER_PLAYBOOK,
        { path: 'all.yaml', content: '- import_playbook: site.yml\n' },
        {
          path: 'broken.yml',
          content: '- hosts: all\n  tasks:\n  - ping:\n   x: [\n',
        },
        { path: 'requirements.yml', content: '- src: geerlingguy.nginx\n' },
        { path: 'group_vars/all.yml', content: 'x: 1\n' },
        { path: 'roles/web/tasks/main.yml', content: '- hosts: all\n' },
        { path: 'vars.yml', content: 'a: [\n' },
        { path: 'ansible.cfg', content: '[defaults]\n' },
      ]),
    ).toEqual(['all.yaml', 'broken.yml', 'site.yml']);
  });
});
