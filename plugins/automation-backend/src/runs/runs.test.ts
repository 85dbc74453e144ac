import {
  createBackendPlugin,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  automationPermissions,
  RunResults,
  Template,
} from '@opssight/plugin-automation-common';
import { pluginServices } from '@opssight/plugin-http-node';
import { createJobEngine, JobEngine } from '@opssight/plugin-jobs-node';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
import { InMemoryMachinesService } from '@opssight/plugin-machines-node/testing';
import {
  findRunProcesses,
  RUN_MARKER_VARIABLE,
  RunDirectories,
} from '@opssight/plugin-runner-node';
import {
  captureLogs,
  eventually,
  parseServerSentEvents,
  rolePermissions,
  rowValuesAsText,
  startSshd,
  TEST_ROLES,
  TEST_USERS,
  TestSshd,
} from '@opssight/plugin-testing-node';
import {
  CredentialSecret,
  openSecretFields,
  sealSecretFields,
  VaultCipher,
  VaultRequestError,
  VaultService,
  vaultServiceRef,
} from '@opssight/plugin-vault-node';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { AnsibleHost } from '../ansible/runPlaybook';
import { InventoryResolver } from '../service/parts';
import { createRouter } from '../service/router';
import { createRunsPart, snapshotOf } from '.';

jest.setTimeout(240_000);

const net = `127.93.${1 + Math.floor(Math.random() * 250)}`;
const SECRETS = {
  passphrase: `key-pass-${randomBytes(4).toString('hex')}`,
  become: `become-pw-${randomBytes(4).toString('hex')}`,
  vault: `vault-pw-${randomBytes(4).toString('hex')}`,
  survey: `survey-answer-${randomBytes(4).toString('hex')}`,
};

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  vars_files:
    - vaulted.yml
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
        msg: "{{ token }}"
      no_log: true
    - name: the answers and the vault reached the play
      assert:
        that:
          - (token | hash('sha256')) == '${createHash('sha256')
            .update(SECRETS.survey)
            .digest('hex')}'
          - colour == 'blue'
          - vaulted == 'opened'
    - name: take a moment, so the scan sees the run
      command: sleep 2
    - name: echo the answer (masked)
      debug:
        msg: "answer={{ token }}"
`;
const LONG = `
- hosts: all
  gather_facts: false
  tasks:
    - name: long
      command: sleep 600
`;

/** A playbook that says which version of it ran. */
const VERSIONED = (version: string) => `
- hosts: all
  gather_facts: false
  tasks:
    - name: say the version
      debug:
        msg: "version=${version}"
`;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  })
    .toString()
    .trim();

let sshd: TestSshd;
let engine: JobEngine;
let database: DatabaseService;
let server: Parameters<typeof request>[0];
let stopBackend: () => Promise<void>;
let directories: RunDirectories;
let workDir: string;
let bareRepo: string;
let gitWork: string;
const logs = captureLogs();
const audit: Array<{ eventId: string; status: string; meta: any }> = [];
const bodies: string[] = [];
const files: Record<string, Array<{ path: string; content: string }>> = {};
const vaultKey = { id: 'test', secret: randomBytes(32) };
const cipher = new VaultCipher([vaultKey]);
const credentialSecrets: Record<string, CredentialSecret> = {};

const host = (n: number): AnsibleHost => ({
  name: `web-${n}`,
  machineId: `m-${n}`,
  address: `${net}.${n}`,
  port: sshd.port,
  user: sshd.username,
  hostPublicKey: sshd.hostPublicKey,
});

const inventories: InventoryResolver = {
  async resolve(id) {
    if (id === 'three') {
      // web-3's address has no sshd: unreachable.
      return {
        name: 'three',
        inventory: { hosts: [host(1), host(2), host(3)] },
        unready: [],
      };
    }
    if (id === 'one') {
      return { name: 'one', inventory: { hosts: [host(1)] }, unready: [] };
    }
    return {
      name: 'half-ready',
      inventory: { hosts: [host(1)] },
      unready: [
        {
          machineId: 'm-7',
          hostname: 'db-7',
          address: `${net}.7`,
          problem: 'no pinned host key',
        },
      ],
    };
  },
};

function template(id: string, overrides: Partial<Template>): Template {
  return {
    id,
    name: `template ${id}`,
    description: '',
    projectId: 'demo',
    playbook: 'site.yml',
    inventoryId: 'three',
    sshCredentialId: 'ssh',
    becomeCredentialId: null,
    vaultCredentialId: null,
    extraVars: 'greeting: hello\n',
    options: {
      limit: [],
      tags: [],
      skipTags: [],
      check: false,
      diff: false,
      verbosity: 0,
      forks: null,
      timeoutSeconds: null,
    },
    survey: [],
    oneAtATime: false,
    owner: TEST_USERS.alice,
    createdAt: '',
    updatedAt: '',
    ...overrides,
  };
}

const templates: Record<string, Template> = {};

/** The vault: real sealing with a test key; every test credential usable by everyone. */
const vault = {
  async checkout({ credentialId }: { credentialId: string }) {
    const secret = credentialSecrets[credentialId];
    if (!secret) throw new NotFoundError('no such credential');
    const { kind, username, ...fields } = secret;
    return {
      id: credentialId,
      kind,
      username,
      sealed: sealSecretFields(cipher, credentialId, fields),
    };
  },
  /** The plugin's own use: shared credentials only (`sharedSsh`). */
  async getSharedSecret({ credentialId }: { credentialId: string }) {
    if (credentialId !== 'sharedSsh') {
      throw new VaultRequestError(
        403,
        `'${credentialId}' is a personal credential; only shared ones are handed to a plugin`,
      );
    }
    return credentialSecrets.ssh;
  },
  open(checkout: any) {
    return {
      kind: checkout.kind,
      username: checkout.username,
      ...openSecretFields(cipher, checkout.id, checkout.sealed),
    };
  },
} as unknown as VaultService;
let runsPart: Awaited<ReturnType<typeof createRunsPart>>;

const testPlugin = createBackendPlugin({
  pluginId: 'automation',
  register(env) {
    env.registerInit({
      deps: {
        ...pluginServices,
        machines: machinesServiceRef,
        vault: vaultServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(automationPermissions);
        database = deps.database;
        const part = (runsPart = await createRunsPart(
          { ...deps, directories },
          {
            projects: {
              async sourceForRun(projectId) {
                return projectId === 'fromGit'
                  ? {
                      source: {
                        kind: 'git',
                        url: `file://${bareRepo}`,
                        ref: 'main',
                      },
                      gitCredentialId: null,
                      projectName: 'from git',
                    }
                  : {
                      source: { kind: 'files', projectId: 'demo', version: 3 },
                      gitCredentialId: null,
                      projectName: 'demo',
                    };
              },
              files: async (projectId, version) =>
                files[`${projectId}@${version}`],
            },
            inventories,
            templates: {
              async get(id) {
                if (!templates[id])
                  throw new NotFoundError(`No template with id '${id}'`);
                return templates[id];
              },
            },
          },
        ));
        engine = await createJobEngine({
          pluginId: 'automation',
          database: deps.database,
          logger: deps.logger,
          handlers: part.handlers!,
          pollIntervalMs: 200,
          logFlushMs: 50,
          abortGraceMs: 20_000,
        });
        await engine.start();
        deps.httpRouter.use(
          await createRouter({ ...deps, engine }, [part.routes]),
        );
        await part.started!({ ...deps, engine });
      },
    });
  },
});

beforeAll(async () => {
  sshd = await startSshd({ listenAddresses: [`${net}.1`, `${net}.2`] });
  directories = RunDirectories.forPlugin(`automation-runs-test-${process.pid}`);
  workDir = mkdtempSync(join(tmpdir(), 'runs-test-'));
  // The SSH key, protected by a passphrase.
  const keyPath = join(workDir, 'id');
  execFileSync('cp', [sshd.clientKeyPath, keyPath]);
  execFileSync('ssh-keygen', [
    '-q',
    '-p',
    '-N',
    SECRETS.passphrase,
    '-f',
    keyPath,
  ]);
  credentialSecrets.ssh = {
    kind: 'ssh-key',
    username: sshd.username,
    privateKey: readFileSync(keyPath, 'utf8'),
    passphrase: SECRETS.passphrase,
  };
  credentialSecrets.become = {
    kind: 'password',
    username: '',
    password: SECRETS.become,
  };
  credentialSecrets.vault = {
    kind: 'password',
    username: '',
    password: SECRETS.vault,
  };
  credentialSecrets.token = { kind: 'api-token', username: '', token: 'tok' };
  // A vars file encrypted with the vault password.
  const passwordFile = join(workDir, 'vault-password');
  execFileSync('sh', ['-c', `umask 077; cat > ${passwordFile}`], {
    input: SECRETS.vault,
  });
  const vaulted = execFileSync(
    'ansible-vault',
    ['encrypt', '--vault-password-file', passwordFile, '--output', '-', '-'],
    { input: 'vaulted: opened\n' },
  ).toString();
  files['demo@3'] = [
    { path: 'site.yml', content: PLAYBOOK },
    { path: 'vaulted.yml', content: vaulted },
    { path: 'long.yml', content: LONG },
  ];
  templates.main = template('main', {
    becomeCredentialId: 'become',
    vaultCredentialId: 'vault',
    survey: [
      {
        variable: 'colour',
        label: 'Colour',
        type: 'choice',
        choices: ['red', 'blue'],
        required: true,
      },
      {
        variable: 'token',
        label: 'Token',
        type: 'secret',
        required: true,
        maxLength: 1000,
      },
    ],
  });
  templates.long = template('long', {
    playbook: 'long.yml',
    inventoryId: 'one',
    oneAtATime: true,
  });
  templates.unready = template('unready', { inventoryId: 'half-ready' });
  templates.scheduled = template('scheduled', {
    projectId: 'fromGit',
    inventoryId: 'one',
    sshCredentialId: 'sharedSsh',
  });
  templates.fromGit = template('fromGit', {
    projectId: 'fromGit',
    playbook: 'site.yml',
    inventoryId: 'one',
  });
  // A git project: a bare repository with one playbook on main.
  bareRepo = join(workDir, 'ops.git');
  gitWork = join(workDir, 'ops');
  git(workDir, 'init', '-q', '--bare', '-b', 'main', bareRepo);
  git(workDir, 'clone', '-q', bareRepo, gitWork);
  writeFileSync(join(gitWork, 'site.yml'), VERSIONED('first'));
  git(gitWork, 'add', '.');
  git(gitWork, 'commit', '-q', '-m', 'first');
  git(gitWork, 'push', '-q', 'origin', 'main');
  templates.tokenLogin = template('tokenLogin', { sshCredentialId: 'token' });

  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => ({
      success: async (o?: any) =>
        void audit.push({
          eventId,
          status: 'succeeded',
          meta: o?.meta ?? meta,
        }),
      fail: async (o?: any) =>
        void audit.push({ eventId, status: 'failed', meta: o?.meta ?? meta }),
    }),
  });
  const backend = await startTestBackend({
    features: [
      testPlugin,
      logs.factory,
      rolePermissions(TEST_ROLES),
      auditor.factory,
      createServiceFactory({
        service: machinesServiceRef,
        deps: {},
        factory: () => new InMemoryMachinesService({ machines: [] }),
      }),
      createServiceFactory({
        service: vaultServiceRef,
        deps: {},
        factory: () => vault,
      }),
      mockServices.rootConfig.factory({
        data: {
          vault: {
            keys: [
              { id: vaultKey.id, secret: vaultKey.secret.toString('base64') },
            ],
          },
          automation: { forks: 7, allowFileGitUrls: true },
        },
      }),
    ],
  });
  server = backend.server;
  stopBackend = () => backend.stop();
});

afterAll(async () => {
  await stopBackend?.();
  await sshd?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const as = (user: keyof typeof TEST_USERS) =>
  mockCredentials.user.header(TEST_USERS[user]);

/** A request whose answer is kept, to scan every answer for secrets. */
async function call(
  method: 'get' | 'post',
  path: string,
  user: keyof typeof TEST_USERS = 'alice',
  body?: object,
) {
  const req = request(server)
    [method](`/api/automation${path}`)
    .set('Authorization', as(user));
  const res = await (body ? req.send(body) : req);
  bodies.push(res.text);
  return res;
}

async function finished(id: string) {
  return eventually(async () => {
    const res = await call('get', `/runs/${id}`, 'vic');
    return ['queued', 'running'].includes(res.body.job.status)
      ? undefined
      : res.body;
  }, 180_000);
}

async function runningTask(id: string, task: string) {
  await eventually(async () => {
    const res = await call('get', `/runs/${id}/results`, 'vic');
    return (res.body as RunResults).tasks?.some(t => t.name === task)
      ? true
      : undefined;
  }, 60_000);
}

/** Processes of any playbook run of this machine. */
async function playbookProcesses(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter(p => /^\d+$/.test(p))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(
      () => '',
    );
    if (environ.includes(`${RUN_MARKER_VARIABLE}=playbook-`)) found.push(pid);
  }
  return found;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const secretValues = Object.values(SECRETS);
const leaksIn = (where: string, text: string) =>
  secretValues.filter(s => text.includes(s)).map(s => `${where}: ${s}`);

let mainRunId: string;

describe('playbook runs through the API, with the real ansible-playbook', () => {
  it('runs a template with its survey, stores the grid and the recap, and no secret anywhere', async () => {
    const leaks: string[] = [];
    let scans = 0;
    const scan = async () => {
      scans++;
      for (const id of await readdir(directories.root).catch(
        () => [] as string[],
      )) {
        for (const pid of await findRunProcesses(id)) {
          for (const file of ['cmdline', 'environ']) {
            const text = await readFile(`/proc/${pid}/${file}`, 'latin1').catch(
              () => '',
            );
            leaks.push(...leaksIn(`${pid}/${file}`, text));
          }
        }
        for (const file of await listFiles(join(directories.root, id))) {
          leaks.push(
            ...leaksIn(file, await readFile(file, 'latin1').catch(() => '')),
          );
        }
      }
    };
    const started = await call('post', '/templates/main/runs', 'alice', {
      answers: { colour: 'blue', token: SECRETS.survey },
    });
    expect(started.status).toBe(201);
    mainRunId = started.body.job.id;
    const scanning = setInterval(scan, 250);
    let done;
    try {
      done = await finished(mainRunId);
    } finally {
      clearInterval(scanning);
    }
    expect(scans).toBeGreaterThan(3);
    expect(leaks).toEqual([]);

    // The record: what ran, on what, why.
    const snapshot = snapshotOf({ hosts: [host(1), host(2), host(3)] });
    expect(done.run).toMatchObject({
      templateId: 'main',
      projectName: 'demo',
      source: { kind: 'files', version: 3 },
      inventorySha256: snapshot.sha256,
      trigger: 'manual',
      machineIds: ['m-1', 'm-2', 'm-3'],
      createdBy: TEST_USERS.alice,
      status: 'failed',
    });
    expect(done.job.params.options.forks).toBe(7); // automation.forks
    expect(done.targets.map((t: any) => [t.key, t.status])).toEqual([
      ['web-1', 'succeeded'],
      ['web-2', 'failed'],
      ['web-3', 'failed'],
    ]);
    expect(audit).toContainEqual(
      expect.objectContaining({
        eventId: 'run-create',
        status: 'succeeded',
        meta: expect.objectContaining({
          runId: mainRunId,
          inventorySha256: snapshot.sha256,
        }),
      }),
    );
    const inventory = await call('get', `/runs/${mainRunId}/inventory`, 'vic');
    expect(inventory.body.sha256).toBe(snapshot.sha256);
    expect(snapshotOf(inventory.body.inventory).sha256).toBe(snapshot.sha256);

    // The grid and the recap.
    const results = (await call('get', `/runs/${mainRunId}/results`, 'vic'))
      .body as RunResults;
    expect(results.tasks.map(t => t.name)).toEqual([
      'reach the host',
      'change something',
      'web-2 fails on purpose',
      'a secret stays hidden',
      'the answers and the vault reached the play',
      'take a moment, so the scan sees the run',
      'echo the answer (masked)',
    ]);
    expect(results.hosts).toEqual(['web-1', 'web-2', 'web-3']);
    const cell = (h: string, name: string) =>
      results.cells.find(
        c =>
          c.host === h &&
          c.task === results.tasks.find(t => t.name === name)!.id,
      );
    expect(cell('web-1', 'reach the host')).toMatchObject({
      status: 'ok',
      changed: false,
    });
    expect(cell('web-1', 'change something')).toMatchObject({
      status: 'changed',
    });
    expect(cell('web-1', 'web-2 fails on purpose')).toMatchObject({
      status: 'skipped',
    });
    expect(cell('web-1', 'a secret stays hidden')).toMatchObject({
      hidden: true,
    });
    expect(
      cell('web-1', 'the answers and the vault reached the play'),
    ).toMatchObject({ status: 'ok' });
    expect(cell('web-2', 'web-2 fails on purpose')).toMatchObject({
      status: 'failed',
    });
    expect(cell('web-3', 'reach the host')).toMatchObject({
      status: 'unreachable',
    });
    expect(results.recap).toMatchObject({
      'web-1': { ok: 6, changed: 2, failures: 0, unreachable: 0, skipped: 1 },
      'web-2': { changed: 1, failures: 1, unreachable: 0 },
      'web-3': { unreachable: 1, ok: 0 },
    });

    // One cell: the capped result; a no_log one hidden.
    const failTask = results.tasks.find(
      t => t.name === 'web-2 fails on purpose',
    )!;
    const failCell = await call(
      'get',
      `/runs/${mainRunId}/results/web-2/${failTask.id}`,
      'vic',
    );
    expect(failCell.body).toMatchObject({
      status: 'failed',
      result: { msg: 'web-2 fails on purpose' },
    });
    const hiddenTask = results.tasks.find(
      t => t.name === 'a secret stays hidden',
    )!;
    const hiddenCell = await call(
      'get',
      `/runs/${mainRunId}/results/web-1/${hiddenTask.id}`,
      'vic',
    );
    expect(hiddenCell.body).toEqual(expect.objectContaining({ hidden: true }));
    expect(hiddenCell.body.result).toBeUndefined();
    const echo = results.tasks.find(
      t => t.name === 'echo the answer (masked)',
    )!;
    const echoed = await call(
      'get',
      `/runs/${mainRunId}/results/web-1/${echo.id}`,
      'vic',
    );
    expect(echoed.body.result.msg).toBe('answer=********');
    expect(
      (await call('get', `/runs/${mainRunId}/results/web-9/${echo.id}`, 'vic'))
        .status,
    ).toBe(404);

    // Lists: by machine, by template, by status; the home page.
    const byMachine = await call('get', '/runs?machineId=m-2', 'vic');
    expect(byMachine.body.items.map((r: any) => r.id)).toContain(mainRunId);
    expect((await call('get', '/runs?machineId=m-99', 'vic')).body).toEqual({
      items: [],
      totalCount: 0,
    });
    expect(
      (await call('get', '/runs?status=failed&templateId=main', 'vic')).body
        .totalCount,
    ).toBe(1);
    expect(
      (await call('get', '/runs?status=bogus', 'vic')).body.error.message,
    ).toMatch(/^Invalid query: status: must be one of/);
    // The live stream: a finished run's stream replays it and ends.
    const stream = await request(server)
      .get(`/api/automation/runs/${mainRunId}/events`)
      .set('Authorization', as('vic'))
      .buffer(true)
      .parse((res, callback) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => callback(null, text));
      });
    bodies.push(stream.body);
    const streamed = parseServerSentEvents(stream.body);
    expect(streamed[streamed.length - 1]).toMatchObject({
      type: 'end',
      job: { id: mainRunId, status: 'failed' },
    });
    expect(JSON.stringify(streamed)).toContain('answer=********');
    const summary = await call('get', '/summary', 'vic');
    expect(summary.body.recentRuns[0].id).toBe(mainRunId);
    expect(summary.body.counts).toMatchObject({ failed: 1 });

    // Afterwards: nothing in the database, the answers, the logs.
    const knex = await database.getClient();
    const tables: string[] = (
      await knex.raw("select name from sqlite_master where type = 'table'")
    ).map((r: { name: string }) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['automation_runs', 'automation_run_events']),
    );
    for (const table of tables) {
      for (const row of await knex(table)) {
        for (const text of rowValuesAsText(row))
          leaks.push(...leaksIn(table, text));
      }
    }
    const log = (await engine.getLogs(mainRunId, { limit: 10_000 }))
      .map(c => c.text)
      .join('');
    expect(log).toContain('answer=********');
    leaks.push(...leaksIn('job log', log));
    leaks.push(...leaksIn('API answers', bodies.join('\n')));
    leaks.push(...leaksIn('backend logs', logs.lines.join('\n')));
    leaks.push(...leaksIn('audit', JSON.stringify(audit)));
    expect(leaks).toEqual([]);
  });

  it('re-runs the failed and unreachable hosts only, with the same snapshot and answers', async () => {
    const res = await call('post', `/runs/${mainRunId}/rerun`, 'bob', {
      targets: 'failed',
    });
    expect(res.status).toBe(201);
    expect(res.body.run).toMatchObject({
      trigger: `rerun:${mainRunId}`,
      createdBy: TEST_USERS.bob,
    });
    const done = await finished(res.body.job.id);
    expect(done.job.rerunOf).toBe(mainRunId);
    expect(done.job.params.options.limit).toEqual(['web-2', 'web-3']);
    expect(done.targets.map((t: any) => t.key)).toEqual(['web-2', 'web-3']);
    expect(done.run.machineIds).toEqual(['m-2', 'm-3']);
    const results = (
      await call('get', `/runs/${res.body.job.id}/results`, 'vic')
    ).body as RunResults;
    expect(Object.keys(results.recap ?? {}).sort()).toEqual(['web-2', 'web-3']);
    expect(results.hosts).toEqual(['web-2', 'web-3']);
    // web-2 got the secret answer again (the assert task is after its failure, so it did not run): the play started.
    expect(
      results.cells.some(c => c.host === 'web-2' && c.status === 'failed'),
    ).toBe(true);

    expect(
      (
        await call('post', `/runs/${mainRunId}/rerun`, 'alice', {
          targets: 'some',
        })
      ).body.error.message,
    ).toBe("Invalid rerun: targets: must be 'failed' or 'all'");
    expect(
      (
        await call('post', `/runs/${mainRunId}/rerun`, 'vic', {
          targets: 'all',
        })
      ).status,
    ).toBe(403);
  });

  it('refuses runs it cannot start, naming why, and stores nothing', async () => {
    const before = (await call('get', '/runs', 'vic')).body.totalCount;
    const unready = await call('post', '/templates/unready/runs', 'alice', {});
    expect(unready.status).toBe(400);
    expect(unready.body.error.message).toMatch(
      /^inventoryId: db-7 \(127\.\d+\.\d+\.7\) in 'half-ready' has no pinned host key; test the connection to pin its host key/,
    );
    const badAnswer = await call('post', '/templates/main/runs', 'alice', {
      answers: { colour: 'green', token: 'x' },
    });
    expect(badAnswer.status).toBe(400);
    expect(badAnswer.body.error.message).toMatch(/^answers\.colour: /);
    const tokenLogin = await call(
      'post',
      '/templates/tokenLogin/runs',
      'alice',
      {},
    );
    expect(tokenLogin.status).toBe(400);
    expect(tokenLogin.body.error.message).toMatch(
      /^sshCredentialId: .* an API token; a run needs an SSH key/,
    );
    expect(
      (await call('post', '/templates/nope/runs', 'alice', {})).status,
    ).toBe(404);
    expect((await call('post', '/templates/main/runs', 'vic', {})).status).toBe(
      403,
    );
    expect(
      (await call('post', '/templates/main/runs', 'alice', { limits: [] })).body
        .error.message,
    ).toBe("Invalid run: unknown field 'limits'");
    expect((await call('get', '/runs', 'vic')).body.totalCount).toBe(before);
  });

  it('runs one at a time when the template says; cancel leaves no process', async () => {
    const before = await playbookProcesses();
    // Two at the same moment: one starts, the other is refused.
    const both = await Promise.all([
      call('post', '/templates/long/runs', 'alice', {}),
      call('post', '/templates/long/runs', 'alice', {}),
    ]);
    expect(both.map(r => r.status).sort()).toEqual([201, 409]);
    const id = both.find(r => r.status === 201)!.body.job.id;
    expect(
      (await call('get', '/runs?templateId=long', 'vic')).body.items.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual([id]);
    await runningTask(id, 'long');
    const second = await call('post', '/templates/long/runs', 'alice', {});
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/runs one at a time/);

    expect((await call('post', `/runs/${id}/cancel`, 'bob')).status).toBe(403);
    expect((await call('post', `/runs/${id}/cancel`, 'alice')).status).toBe(
      200,
    );
    const done = await finished(id);
    expect(done.job.status).toBe('cancelled');
    expect(done.run.status).toBe('cancelled');
    expect(
      (await playbookProcesses()).filter(p => !before.includes(p)),
    ).toEqual([]);
    expect(await readdir(directories.root)).toEqual([]);
    expect(audit).toContainEqual(
      expect.objectContaining({ eventId: 'run-cancel', status: 'succeeded' }),
    );
  });

  it('records the exact commit of a git project; a re-run runs that commit, not the branch as it is now', async () => {
    const first = git(gitWork, 'rev-parse', 'HEAD');
    const started = await call('post', '/templates/fromGit/runs', 'alice', {});
    expect(started.status).toBe(201);
    const done = await finished(started.body.job.id);
    expect(done.job.status).toBe('succeeded');
    expect(done.run.source).toEqual({
      kind: 'git',
      url: `file://${bareRepo}`,
      ref: 'main',
      commit: first,
    });
    writeFileSync(join(gitWork, 'site.yml'), VERSIONED('second'));
    git(gitWork, 'commit', '-q', '-am', 'second');
    git(gitWork, 'push', '-q', 'origin', 'main');

    const again = await call('post', `/runs/${done.job.id}/rerun`, 'alice', {
      targets: 'all',
    });
    expect(again.status).toBe(201);
    const rerun = await finished(again.body.job.id);
    expect(rerun.job.params.source.ref).toBe(first);
    expect(rerun.run.source.commit).toBe(first);
    const results = (await call('get', `/runs/${rerun.job.id}/results`, 'vic'))
      .body as RunResults;
    const say = results.tasks.find(t => t.name === 'say the version')!;
    const cell = await call(
      'get',
      `/runs/${rerun.job.id}/results/web-1/${say.id}`,
      'vic',
    );
    expect(cell.body.result.msg).toBe('version=first');
  });

  it('a scheduled run uses the plugin access and shared credentials only, in its owner name', async () => {
    const serviceCredentials = mockCredentials.service('plugin:automation');
    const job = await runsPart.launch({
      templateId: 'scheduled',
      answers: {},
      credentials: serviceCredentials,
      actor: TEST_USERS.bob,
      trigger: 'schedule:s-1',
    });
    const done = await finished(job.id);
    expect(done.job).toMatchObject({
      status: 'succeeded',
      createdBy: TEST_USERS.bob,
    });
    expect(done.run).toMatchObject({
      trigger: 'schedule:s-1',
      createdBy: TEST_USERS.bob,
    });
    expect(audit).toContainEqual(
      expect.objectContaining({
        eventId: 'run-create',
        status: 'succeeded',
        meta: expect.objectContaining({
          runId: job.id,
          trigger: 'schedule:s-1',
        }),
      }),
    );
    await expect(
      runsPart.launch({
        templateId: 'fromGit',
        answers: {},
        credentials: serviceCredentials,
        actor: TEST_USERS.bob,
        trigger: 'schedule:s-2',
      }),
    ).rejects.toThrow(/^sshCredentialId: 'ssh' is a personal credential/);
  });

  it('a backend that stops leaves its run interrupted, not running', async () => {
    const res = await call('post', '/templates/long/runs', 'alice', {});
    const id = res.body.job.id;
    await runningTask(id, 'long');
    await engine.stop();
    const done = await finished(id);
    expect(done.job.status).toBe('interrupted');
    expect(done.run.status).toBe('interrupted');
    await sleep(500);
    expect(await readdir(directories.root)).toEqual([]);
  });
});
