import { JsonObject } from '@backstage/types';
import { SyntaxCheck } from '@opssight/plugin-automation-common';
import { RunDirectories } from '@opssight/plugin-runner-node';
import {
  eventually,
  expectErrorAnswer,
  TEST_USERS,
} from '@opssight/plugin-testing-node';
import { VaultRequestError, VaultService } from '@opssight/plugin-vault-node';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutomationTestBackend,
  startAutomationBackend,
} from '../__testUtils__/automationBackend';
import { Part, ProjectSources } from '../service/parts';
import { checkoutGitSource } from '../sources/gitSource';
import { createProjectsPart } from '.';

jest.setTimeout(180_000);

const CREDENTIALS = {
  sshKey: '00000000-0000-4000-8000-000000000001',
  token: '00000000-0000-4000-8000-000000000002',
  bobsOwn: '00000000-0000-4000-8000-000000000003',
  forbidden: '00000000-0000-4000-8000-000000000004',
};

/** The vault as the projects see it: what each credential is, who may use it. */
const vault: Pick<
  VaultService,
  'describeCredential' | 'checkDestination' | 'checkout' | 'open'
> = {
  async describeCredential({ credentialId }) {
    if (credentialId === CREDENTIALS.forbidden) {
      throw new VaultRequestError(403, 'not yours');
    }
    const kinds: Record<string, 'ssh-key' | 'api-token'> = {
      [CREDENTIALS.sshKey]: 'ssh-key',
      [CREDENTIALS.token]: 'api-token',
    };
    const kind = kinds[credentialId];
    return kind
      ? { id: credentialId, name: `the ${kind}`, kind, scope: 'personal' }
      : undefined;
  },
  async checkDestination({ credentialId }) {
    return {
      id: credentialId,
      name: 'the token',
      kind: 'api-token',
      scope: 'personal',
    };
  },
  async checkout({ credentialId }) {
    return { credentialId } as never;
  },
  open() {
    return { kind: 'api-token', token: 'not-used' } as never;
  },
};

const inUse = new Map<string, string[]>();
let part: Part & ProjectSources;
let backend: AutomationTestBackend;
let repoRoot: string;

const as = (user: keyof typeof TEST_USERS) => backend.as(user);
const api = () => backend.api();

/** An error answer whose message contains `text` (or matches it). */
function expectAnswer(
  res: { status: number; body: any },
  status: number,
  text: string | RegExp,
) {
  expectErrorAnswer(
    res,
    status,
    typeof text === 'string'
      ? expect.stringContaining(text)
      : expect.stringMatching(text),
  );
}
const BASE = '/api/automation/projects';

beforeAll(async () => {
  repoRoot = mkdtempSync(join(tmpdir(), 'projects-git-'));
  // The plugin with only its projects part, as plugin.ts wires the parts.
  backend = await startAutomationBackend({
    vault,
    config: { automation: { allowFileGitUrls: true } },
    directories: RunDirectories.forPlugin(
      `automation-projects-test-${process.pid}`,
    ),
    engine: { pollIntervalMs: 500 },
    async parts(services) {
      part = await createProjectsPart(services, {
        inUse: async id => inUse.get(id) ?? [],
      });
      return [part];
    },
  });
});

afterAll(async () => {
  await backend?.stop();
  rmSync(repoRoot, { recursive: true, force: true });
});

async function createStored(name: string, user: keyof typeof TEST_USERS) {
  const res = await api()
    .post(BASE)
    .set('Authorization', as(user))
    .send({ name, source: { kind: 'files' } });
  expect(res.status).toBe(201);
  return res.body as { id: string; latestVersion: number };
}

async function finishedCheck(projectId: string, jobId: string) {
  return eventually(async () => {
    const res = await api()
      .get(`${BASE}/${projectId}/checks/latest`)
      .set('Authorization', as('vic'));
    const check = res.body as SyntaxCheck;
    return check.jobId === jobId &&
      !['queued', 'running'].includes(check.status)
      ? check
      : undefined;
  }, 90_000);
}

const broken = [
  {
    path: 'site.yml',
    content: '- hosts: all\n  gather_facts: false\n  roles: [web]\n',
  },
  {
    path: 'ok.yml',
    content: '- hosts: all\n  tasks:\n    - ansible.builtin.ping:\n',
  },
  {
    path: 'roles/web/tasks/main.yml',
    content: '- name: typo\n  ansible.builtin.pingg:\n',
  },
  { path: 'group_vars/all.yml', content: 'a: 1\n' },
];

describe('projects routes', () => {
  it('keeps a stored project as versions: starter, save, stale save refused, diff, restore', async () => {
    const project = await createStored('web', 'alice');
    expect(project).toMatchObject({
      name: 'web',
      owner: TEST_USERS.alice,
      latestVersion: 1,
      source: { kind: 'files' },
    });
    const v1 = await api()
      .get(`${BASE}/${project.id}/versions/1/files`)
      .set('Authorization', as('vic'));
    expect(v1.body.files.map((f: { path: string }) => f.path)).toEqual([
      'site.yml',
    ]);
    expect(v1.body.version).toMatchObject({
      number: 1,
      author: TEST_USERS.alice,
    });

    const saved = await api()
      .post(`${BASE}/${project.id}/versions`)
      .set('Authorization', as('alice'))
      .send({ baseVersion: 1, message: 'web role', files: broken });
    expect(saved.status).toBe(201);
    expect(saved.body.version).toMatchObject({
      number: 2,
      message: 'web role',
      fileCount: 4,
    });
    expect(saved.body.check).toMatchObject({ version: 2, status: 'queued' });

    // Someone saved version 2 since this edit started from version 1.
    const stale = await api()
      .post(`${BASE}/${project.id}/versions`)
      .set('Authorization', as('alice'))
      .send({ baseVersion: 1, files: [{ path: 'x.yml', content: 'a: 1\n' }] });
    expectAnswer(stale, 409, /^baseVersion: version 2 was saved since/);

    const diff = await api()
      .get(`${BASE}/${project.id}/diff?from=1&to=2`)
      .set('Authorization', as('vic'));
    expect(diff.status).toBe(200);
    expect(
      diff.body.changes.map((c: { path: string; status: string }) => [
        c.path,
        c.status,
      ]),
    ).toEqual([
      ['group_vars/all.yml', 'added'],
      ['ok.yml', 'added'],
      ['roles/web/tasks/main.yml', 'added'],
      ['site.yml', 'modified'],
    ]);
    expect(diff.body.changes[3].patch).toContain('+  roles: [web]');

    const restored = await api()
      .post(`${BASE}/${project.id}/versions/1/restore`)
      .set('Authorization', as('alice'))
      .send({});
    expect(restored.status).toBe(201);
    expect(restored.body.version).toMatchObject({
      number: 3,
      restoredFrom: 1,
      message: 'Restored version 1',
    });
    const versions = await api()
      .get(`${BASE}/${project.id}/versions`)
      .set('Authorization', as('vic'));
    expect(
      versions.body.items.map((v: { number: number }) => v.number),
    ).toEqual([3, 2, 1]);
    const playbooks = await api()
      .get(`${BASE}/${project.id}/playbooks`)
      .set('Authorization', as('vic'));
    expect(playbooks.body).toEqual({ items: ['site.yml'], totalCount: 1 });

    const missing = await api()
      .get(`${BASE}/${project.id}/versions/9/files`)
      .set('Authorization', as('vic'));
    expectAnswer(missing, 404, "version: project 'web' has no version 9");
    expect(
      backend.audit.map(({ eventId, outcome }) => ({ eventId, outcome })),
    ).toEqual(
      expect.arrayContaining([
        { eventId: 'project-create', outcome: 'succeeded' },
        { eventId: 'project-version-save', outcome: 'succeeded' },
        { eventId: 'project-version-save', outcome: 'failed' },
        { eventId: 'project-version-restore', outcome: 'succeeded' },
      ]),
    );
  });

  it('checks the syntax of each playbook with ansible-playbook and points at the broken file and line', async () => {
    const project = await createStored('broken', 'alice');
    const saved = await api()
      .post(`${BASE}/${project.id}/versions`)
      .set('Authorization', as('alice'))
      .send({ baseVersion: 1, files: broken });
    const check = await finishedCheck(project.id, saved.body.check.jobId);
    expect(check).toMatchObject({
      status: 'failed',
      version: 2,
      commit: null,
      playbooks: ['ok.yml', 'site.yml'],
      problems: [
        {
          playbook: 'site.yml',
          file: 'roles/web/tasks/main.yml',
          line: 1,
          column: 3,
          message: expect.stringMatching(/couldn't resolve module\/action/),
        },
      ],
    });

    // Fixed, checked again on demand: no problems.
    const fixed = await api()
      .post(`${BASE}/${project.id}/versions`)
      .set('Authorization', as('alice'))
      .send({
        baseVersion: 2,
        files: broken.map(f =>
          f.path.startsWith('roles/')
            ? { ...f, content: '- name: fixed\n  ansible.builtin.ping:\n' }
            : f,
        ),
      });
    await finishedCheck(project.id, fixed.body.check.jobId);
    const again = await api()
      .post(`${BASE}/${project.id}/checks`)
      .set('Authorization', as('bob'));
    expect(again.status).toBe(202);
    expect(await finishedCheck(project.id, again.body.jobId)).toMatchObject({
      status: 'succeeded',
      version: 3,
      problems: [],
    });
  });

  it('runs a git project from the commit its ref names (a local bare repository)', async () => {
    const bare = join(repoRoot, 'infra.git');
    const work = join(repoRoot, 'work');
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: repoRoot,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      }).trim();
    git(repoRoot, 'init', '-q', '--bare', bare);
    git(repoRoot, 'init', '-q', '-b', 'main', work);
    mkdirSync(join(work, 'ansible'));
    writeFileSync(
      join(work, 'ansible', 'deploy.yml'),
      '- hosts: all\n  tasks:\n    - ansible.builtin.ping:\n',
    );
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'deploy');
    git(work, 'push', '-q', bare, 'main');
    const commit = git(work, 'rev-parse', 'HEAD');

    const url = `file://${bare}`;
    const res = await api()
      .post(BASE)
      .set('Authorization', as('alice'))
      .send({
        name: 'infra',
        source: { kind: 'git', url, ref: 'main', subPath: 'ansible' },
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      latestVersion: null,
      source: { kind: 'git', url, ref: 'main', subPath: 'ansible' },
    });

    const forRun = await part.sourceForRun(res.body.id, 'projectId');
    expect(forRun).toEqual({
      source: {
        kind: 'git',
        url,
        ref: 'main',
        subPath: 'ansible',
        projectId: res.body.id,
      },
      gitCredentialId: null,
      projectName: 'infra',
    });
    const directories = RunDirectories.forPlugin(
      `automation-projects-test-${process.pid}`,
    );
    const directory = await directories.create('checkout');
    try {
      const source = forRun.source as Extract<
        typeof forRun.source,
        { kind: 'git' }
      >;
      expect(
        await checkoutGitSource(source, { directory, allowFileUrls: true }),
      ).toEqual({ commit, projectDir: 'repo/ansible' });
    } finally {
      await directory.remove();
    }
    await expect(part.sourceForRun('nope', 'projectId')).rejects.toThrow(
      "projectId: no project with id 'nope'",
    );

    const started = await api()
      .post(`${BASE}/${res.body.id}/checks`)
      .set('Authorization', as('alice'));
    expect(await finishedCheck(res.body.id, started.body.jobId)).toMatchObject({
      status: 'succeeded',
      version: null,
      commit,
      playbooks: ['deploy.yml'],
      problems: [],
    });
    const playbooks = await api()
      .get(`${BASE}/${res.body.id}/playbooks`)
      .set('Authorization', as('vic'));
    expect(playbooks.body.items).toEqual(['deploy.yml']);
    const versions = await api()
      .get(`${BASE}/${res.body.id}/versions`)
      .set('Authorization', as('vic'));
    expectAnswer(versions, 400, /^project: 'infra' is kept in git/);
  });

  it('answers bad input with a 400 naming the field, and stores nothing', async () => {
    const project = await createStored('inputs', 'alice');
    const git = (over: JsonObject) => ({
      name: 'g',
      source: {
        kind: 'git',
        url: 'https://git.example.com/r.git',
        ref: 'main',
        ...over,
      },
    });
    const creates: Array<[object, string | RegExp]> = [
      [{ source: { kind: 'files' } }, 'name: is required'],
      [
        { name: 'x'.repeat(101), source: { kind: 'files' } },
        'name: must be at most 100 characters',
      ],
      [
        { name: 'n', description: 7, source: { kind: 'files' } },
        'description: must be text',
      ],
      [{ name: 'n' }, /source/],
      [{ name: 'n', source: { kind: 'svn' } }, /source\.kind/],
      [
        git({ url: 'http://h/r.git' }),
        'source.url: use an https:// or ssh:// URL',
      ],
      [
        git({ ref: 'a..b' }),
        /^Invalid project: source\.ref: a branch, tag or commit/,
      ],
      [git({ subPath: '../up' }), /source\.subPath: a relative folder/],
      [
        git({ url: 'https://169.254.169.254/r.git' }),
        'source.url: 169.254.169.254 is a link-local address (cloud metadata services live there), which OpsSight never connects to',
      ],
      [
        git({
          hostKey:
            'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBcAfNAJMlIAE0hBXWZ9ecSPKYrVQCI8Ko5kgGCgwrIg',
        }),
        'source.hostKey: only ssh:// remotes have a host key; leave it out for https:// and file://',
      ],
      [
        git({ url: 'ssh://git@127.0.0.1/r.git' }),
        'source.url: 127.0.0.1 is a loopback address; only networks an admin lists in automation.git.allowedNetworks may be used',
      ],
      [
        git({ credentialId: 'x' }),
        /source\.credentialId: must be a credential id/,
      ],
      [
        git({ credentialId: CREDENTIALS.bobsOwn }),
        /^source\.credentialId: the chosen credential is not in the vault/,
      ],
      [
        git({ credentialId: CREDENTIALS.sshKey }),
        /^source\.credentialId: credential 'the ssh-key' does not suit https:\/\/ URLs/,
      ],
      [{ name: 'n', source: { kind: 'files' }, owner: 'me' }, /owner/],
    ];
    for (const [body, message] of creates) {
      const res = await api()
        .post(BASE)
        .set('Authorization', as('alice'))
        .send(body);
      expectAnswer(res, 400, message);
    }
    const taken = await api()
      .post(BASE)
      .set('Authorization', as('bob'))
      .send({ name: 'inputs', source: { kind: 'files' } });
    expectAnswer(taken, 409, "name: a project named 'inputs' already exists");
    const refused = await api()
      .post(BASE)
      .set('Authorization', as('alice'))
      .send(git({ credentialId: CREDENTIALS.forbidden }));
    expectAnswer(
      refused,
      403,
      /^source\.credentialId: the vault does not let you use/,
    );

    const saves: Array<[object, string | RegExp]> = [
      [
        { files: [{ path: 'a.yml', content: '' }] },
        /baseVersion: must be the version the edit started from/,
      ],
      [
        { baseVersion: 1, files: [] },
        /files: a project needs at least one file/,
      ],
      [
        { baseVersion: 1, files: [{ path: '../a.yml', content: '' }] },
        /^files\[0\]\.path: a relative path/,
      ],
      [
        { baseVersion: 1, files: [{ path: 'a.yml' }] },
        /files\.0\.content: must be text/,
      ],
      [
        {
          baseVersion: 1,
          message: 'm'.repeat(1001),
          files: [{ path: 'a.yml', content: '' }],
        },
        /message: must be at most 1000 characters/,
      ],
    ];
    for (const [body, message] of saves) {
      const res = await api()
        .post(`${BASE}/${project.id}/versions`)
        .set('Authorization', as('alice'))
        .send(body);
      expectAnswer(res, 400, message);
    }
    const kind = await api()
      .put(`${BASE}/${project.id}`)
      .set('Authorization', as('alice'))
      .send(git({}));
    expectAnswer(kind, 400, /^source\.kind: a project's kind does not change/);
    const diff = await api()
      .get(`${BASE}/${project.id}/diff?from=x&to=1`)
      .set('Authorization', as('alice'));
    expectAnswer(diff, 400, /from: must be a version number/);

    const list = await api().get(`${BASE}?q=`).set('Authorization', as('vic'));
    expect(list.body.items.map((p: { name: string }) => p.name)).not.toContain(
      'g',
    );
    const versions = await api()
      .get(`${BASE}/${project.id}/versions`)
      .set('Authorization', as('vic'));
    expect(versions.body.totalCount).toBe(1);
  });

  it('lets viewers read only, operators change their own projects, and Admins delete unused ones', async () => {
    const project = await createStored('owned', 'alice');
    const viewer = await api()
      .post(BASE)
      .set('Authorization', as('vic'))
      .send({ name: 'v', source: { kind: 'files' } });
    expectAnswer(
      viewer,
      403,
      "Your role does not allow 'opssight.automation.edit'",
    );
    expect(
      (await api().get(`${BASE}/${project.id}`).set('Authorization', as('vic')))
        .status,
    ).toBe(200);

    const notBobs = [
      api().put(`${BASE}/${project.id}`).send({ description: 'mine now' }),
      api()
        .post(`${BASE}/${project.id}/versions`)
        .send({ baseVersion: 1, files: [{ path: 'a.yml', content: '' }] }),
      api().post(`${BASE}/${project.id}/versions/1/restore`).send({}),
    ];
    for (const attempt of notBobs) {
      const res = await attempt.set('Authorization', as('bob'));
      expectAnswer(
        res,
        403,
        `project 'owned' belongs to ${TEST_USERS.alice}; only they or an Admin may change it`,
      );
    }
    const byAda = await api()
      .put(`${BASE}/${project.id}`)
      .set('Authorization', as('ada'))
      .send({ description: 'kept by ops' });
    expect(byAda.body).toMatchObject({
      description: 'kept by ops',
      owner: TEST_USERS.alice,
    });

    const byAlice = await api()
      .delete(`${BASE}/${project.id}`)
      .set('Authorization', as('alice'));
    expectAnswer(
      byAlice,
      403,
      "Your role does not allow 'opssight.automation.delete'",
    );
    inUse.set(project.id, ['nightly', 'deploy']);
    const used = await api()
      .delete(`${BASE}/${project.id}`)
      .set('Authorization', as('ada'));
    expectAnswer(
      used,
      409,
      "project: 'owned' is used by templates 'nightly', 'deploy'; change or delete them first",
    );
    inUse.delete(project.id);
    const deleted = await api()
      .delete(`${BASE}/${project.id}`)
      .set('Authorization', as('ada'));
    expect(deleted.status).toBe(204);
    expect(
      (await api().get(`${BASE}/${project.id}`).set('Authorization', as('vic')))
        .status,
    ).toBe(404);
  });
});
