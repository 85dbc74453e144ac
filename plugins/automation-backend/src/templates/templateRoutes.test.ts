import { DEFAULT_TEMPLATE_OPTIONS } from '@opssight/plugin-automation-common';
import { TEST_USERS } from '@opssight/plugin-testing-node';
import { fakeVault } from '../__testUtils__/automationBackend';
import { testRegistry } from '../__testUtils__/registry';
import { startPartsBackend } from '../inventories/__testUtils__/partsBackend';

jest.setTimeout(120_000);

const id = (n: number) =>
  `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const STORED = id(10);
const GIT = id(11);
const CREDENTIAL = {
  key: id(20),
  password: id(21),
  token: id(22),
  bobsKey: id(23),
  refused: id(24),
  alicesKey: id(25),
};

let backend: Awaited<ReturnType<typeof startPartsBackend>>;
let inventoryId: string;

beforeAll(async () => {
  backend = await startPartsBackend({
    machines: testRegistry({
      id: id(1),
      ip: '10.0.0.1',
      hostname: 'web-1',
      groups: ['web'],
    }),
    projects: { [STORED]: ['site.yml', 'deploy.yml'], [GIT]: null },
    vault: fakeVault([
      { id: CREDENTIAL.key, name: 'deploy key', kind: 'ssh-key' },
      { id: CREDENTIAL.password, name: 'sudo', kind: 'password' },
      { id: CREDENTIAL.token, name: 'k8s token', kind: 'api-token' },
      {
        id: CREDENTIAL.bobsKey,
        name: "bob's key",
        kind: 'ssh-key',
        owner: TEST_USERS.bob,
      },
      {
        id: CREDENTIAL.alicesKey,
        name: "alice's key",
        kind: 'ssh-key',
        owner: TEST_USERS.alice,
      },
      {
        id: CREDENTIAL.refused,
        name: 'refused',
        kind: 'password',
        refused: true,
      },
    ]),
  });
  const inventory = await backend
    .api()
    .post('/api/automation/inventories')
    .set('Authorization', backend.as('alice'))
    .send({ name: 'web', source: { kind: 'registry', groups: ['web'] } });
  inventoryId = inventory.body.id;
});
afterAll(() => backend?.stop());

const BASE = '/api/automation/templates';
const valid = () => ({
  name: 'deploy',
  projectId: STORED,
  playbook: 'deploy.yml',
  inventoryId,
  sshCredentialId: CREDENTIAL.key,
});
const post = (user: keyof typeof TEST_USERS, body: object) =>
  backend.api().post(BASE).set('Authorization', backend.as(user)).send(body);
const put = (user: keyof typeof TEST_USERS, templateId: string, body: object) =>
  backend
    .api()
    .put(`${BASE}/${templateId}`)
    .set('Authorization', backend.as(user))
    .send(body);
const list = (query = '') =>
  backend.api().get(`${BASE}${query}`).set('Authorization', backend.as('vic'));

describe('template routes', () => {
  it('creates a template with its defaults, lists it by project and inventory, audits without its variables', async () => {
    const res = await post('alice', {
      ...valid(),
      becomeCredentialId: CREDENTIAL.password,
      vaultCredentialId: CREDENTIAL.password,
      extraVars: 'db_password: hunter2-not-a-secret-field\n',
      survey: [
        {
          type: 'choice',
          variable: 'env',
          label: 'Environment',
          choices: ['staging', 'prod'],
          default: 'staging',
        },
      ],
      options: { check: true, forks: 20 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ...valid(),
      id: expect.any(String),
      description: '',
      becomeCredentialId: CREDENTIAL.password,
      vaultCredentialId: CREDENTIAL.password,
      extraVars: 'db_password: hunter2-not-a-secret-field\n',
      options: { ...DEFAULT_TEMPLATE_OPTIONS, check: true, forks: 20 },
      survey: [
        {
          type: 'choice',
          variable: 'env',
          label: 'Environment',
          choices: ['staging', 'prod'],
          default: 'staging',
          required: false,
        },
      ],
      oneAtATime: false,
      owner: TEST_USERS.alice,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await backend.parts.templates.get(res.body.id)).name).toBe(
      'deploy',
    );

    const git = await post('alice', {
      ...valid(),
      name: 'from git',
      projectId: GIT,
      playbook: 'playbooks/any.yml',
    });
    expect(git.status).toBe(201);

    expect((await list()).body.totalCount).toBe(2);
    expect((await list('?projectId=&inventoryId=')).body.totalCount).toBe(2);
    expect(
      (await list(`?projectId=${GIT}`)).body.items.map(
        (t: { name: string }) => t.name,
      ),
    ).toEqual(['from git']);
    expect(
      (await list(`?inventoryId=${inventoryId}&limit=1`)).body,
    ).toMatchObject({ totalCount: 2, items: [{ name: 'deploy' }] });
    expect(await backend.parts.templates.usingProject(STORED)).toEqual([
      'deploy',
    ]);
    expect(await backend.parts.templates.usingInventory(inventoryId)).toEqual([
      'deploy',
      'from git',
    ]);

    const created = backend.audit.filter(e => e.eventId === 'template-create');
    expect(created.map(e => e.outcome)).toEqual([
      'initiated',
      'succeeded',
      'initiated',
      'succeeded',
    ]);
    expect(JSON.stringify(created)).not.toContain('hunter2');
    expect(created[0].meta).toMatchObject({
      name: 'deploy',
      playbook: 'deploy.yml',
      sshCredentialId: CREDENTIAL.key,
    });
  });

  it.each([
    [{ projectId: id(99) }, 400, /^projectId: no project with this id/],
    [
      { playbook: 'missing.yml' },
      400,
      /^playbook: missing\.yml is not one of the project's playbooks \(site\.yml, deploy\.yml\)$/,
    ],
    [
      { projectId: GIT, playbook: '../outside.yml' },
      400,
      /^Invalid template: playbook: must be a path inside the project/,
    ],
    [{ inventoryId: id(98) }, 400, /^inventoryId: no inventory with this id/],
    [
      { sshCredentialId: id(97) },
      400,
      /^sshCredentialId: the chosen credential is not in the vault/,
    ],
    [
      { sshCredentialId: CREDENTIAL.bobsKey },
      400,
      /^sshCredentialId: the chosen credential is not in the vault/,
    ],
    [
      { sshCredentialId: CREDENTIAL.token },
      400,
      /^sshCredentialId: credential 'k8s token' is an API token; the SSH login is an SSH key or a password$/,
    ],
    [
      { becomeCredentialId: CREDENTIAL.key },
      400,
      /^becomeCredentialId: credential 'deploy key' is an SSH key; become \(sudo\) takes a password$/,
    ],
    [
      { vaultCredentialId: CREDENTIAL.refused },
      403,
      /^vaultCredentialId: the vault does not let you use the chosen credential$/,
    ],
    [
      { extraVars: 'a: [1' },
      400,
      /^Invalid template: extraVars: .*\(line \d+\)$/,
    ],
    [
      { extraVars: 'ansible_host: 10.9.9.9' },
      400,
      /^Invalid template: extraVars\.ansible_host: ansible_host is set by OpsSight/,
    ],
    [
      {
        survey: [
          { type: 'secret', variable: 'token', label: 'Token', default: 'x' },
        ],
      },
      400,
      /^Invalid template: survey\.0: Unrecognized key: "default"$/,
    ],
    [
      {
        survey: [
          { type: 'integer', variable: 'n', label: 'N', default: 20, max: 10 },
        ],
      },
      400,
      /^Invalid template: survey\.0\.default: must be at most 10$/,
    ],
    [
      { options: { verbosity: 5 } },
      400,
      /^Invalid template: options\.verbosity: must be between 0 and 4$/,
    ],
    [
      { options: { timeoutSeconds: 90_000 } },
      400,
      /^Invalid template: options\.timeoutSeconds: must be between 10 seconds and 24 hours/,
    ],
    [
      { name: 'deploy' },
      409,
      /^name: a template named 'deploy' already exists$/,
    ],
  ])(
    'refuses %j naming the field, storing nothing',
    async (change, status, message) => {
      const before = (await list()).body.totalCount;
      const res = await post('alice', {
        ...valid(),
        name: 'another',
        ...change,
      });
      expect([res.status, res.body.error?.message]).toEqual([
        status,
        expect.stringMatching(message),
      ]);
      expect((await list()).body.totalCount).toBe(before);
    },
  );

  it('lets only the owner or an Admin change a template, checks what changes, and lets Admins delete', async () => {
    const mine = await post('alice', {
      ...valid(),
      name: 'alices',
      sshCredentialId: CREDENTIAL.alicesKey,
    });
    expect(mine.status).toBe(201);
    const templateId = mine.body.id;

    expect((await post('vic', { ...valid(), name: 'vics' })).status).toBe(403);
    expect((await put('vic', templateId, { description: 'x' })).status).toBe(
      403,
    );
    const bobs = await put('bob', templateId, { description: 'mine now' });
    expect([bobs.status, bobs.body.error.message]).toEqual([
      403,
      expect.stringMatching(
        /is user:default\/alice's; only they or an Admin can change it$/,
      ),
    ]);

    const bad = await put('alice', templateId, { playbook: 'nope.yml' });
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      expect.stringMatching(/^playbook: nope\.yml is not one of/),
    ]);
    expect(
      (await put('alice', templateId, { becomeCredentialId: CREDENTIAL.token }))
        .status,
    ).toBe(400);
    const edited = await put('alice', templateId, {
      playbook: 'site.yml',
      oneAtATime: true,
    });
    expect(edited.body).toMatchObject({
      playbook: 'site.yml',
      oneAtATime: true,
    });

    // Ada cannot see Alice's personal key, and need not: it does not change.
    const byAdmin = await put('ada', templateId, {
      description: 'reviewed',
      options: { verbosity: 2 },
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({
      description: 'reviewed',
      sshCredentialId: CREDENTIAL.alicesKey,
      owner: TEST_USERS.alice,
      options: { ...DEFAULT_TEMPLATE_OPTIONS, verbosity: 2 },
    });
    expect(
      backend.audit
        .filter(
          e => e.eventId === 'template-update' && e.outcome === 'initiated',
        )
        .map(e => e.meta.fields),
    ).toEqual([
      ['playbook', 'oneAtATime'],
      ['description', 'options'],
    ]);

    const del = (user: keyof typeof TEST_USERS) =>
      backend
        .api()
        .delete(`${BASE}/${templateId}`)
        .set('Authorization', backend.as(user));
    expect((await del('alice')).status).toBe(403);
    expect((await del('ada')).status).toBe(204);
    expect(
      (
        await backend
          .api()
          .get(`${BASE}/${templateId}`)
          .set('Authorization', backend.as('vic'))
      ).status,
    ).toBe(404);
    await expect(backend.parts.templates.get(templateId)).rejects.toMatchObject(
      { name: 'NotFoundError' },
    );
  });
});
