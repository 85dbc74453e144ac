import {
  DEFAULT_TEMPLATE_OPTIONS,
  TemplateInput,
} from '@opssight/plugin-automation-common';
import { storeTest } from '@opssight/plugin-testing-node';
import { DatabaseInventoriesStore } from '../inventories/DatabaseInventoriesStore';
import { DatabaseTemplatesStore } from './DatabaseTemplatesStore';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const PROJECT_A = '00000000-0000-4000-8000-00000000000a';
const PROJECT_B = '00000000-0000-4000-8000-00000000000b';
const KEY = '00000000-0000-4000-8000-0000000000c1';

storeTest('DatabaseTemplatesStore', DatabaseTemplatesStore.create, t => {
  let inventoryIds: string[];
  beforeEach(async () => {
    // Templates name inventories (a foreign key): two to choose from.
    const inventories = await DatabaseInventoriesStore.create({
      database: t.database,
    });
    inventoryIds = [];
    for (const name of ['web', 'db']) {
      const created = await inventories.create(
        {
          name,
          description: '',
          source: {
            kind: 'registry',
            groups: [name],
            tags: [],
            machineIds: [],
            clusterId: null,
          },
          vars: '',
          groupVars: {},
          hostVars: {},
        },
        ALICE,
      );
      inventoryIds.push(created.id);
    }
  });

  const template = (
    name: string,
    change: Partial<TemplateInput> = {},
  ): TemplateInput => ({
    name,
    description: '',
    projectId: PROJECT_A,
    playbook: 'site.yml',
    inventoryId: inventoryIds[0],
    sshCredentialId: KEY,
    becomeCredentialId: null,
    vaultCredentialId: null,
    extraVars: '',
    options: DEFAULT_TEMPLATE_OPTIONS,
    survey: [],
    oneAtATime: false,
    ...change,
  });

  it('keeps a template as it was given: options, survey and switches', async () => {
    const input = template('deploy', {
      description: 'Deploys the app',
      becomeCredentialId: KEY,
      extraVars: 'app_version: "1.2"\n',
      options: {
        ...DEFAULT_TEMPLATE_OPTIONS,
        limit: ['web'],
        check: true,
        forks: 20,
        timeoutSeconds: 600,
      },
      survey: [
        {
          type: 'integer',
          variable: 'replicas',
          label: 'Replicas',
          required: true,
          min: 1,
          max: 9,
        },
        {
          type: 'secret',
          variable: 'token',
          label: 'Token',
          required: false,
          maxLength: 100,
        },
      ],
      oneAtATime: true,
    });
    const created = await t.store.create(input, ALICE);
    expect(created).toEqual({
      ...input,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      owner: ALICE,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    expect(await t.store.get(created.id)).toEqual(created);
  });

  it('lists by name, of one project or inventory when asked, and names the users of each', async () => {
    await t.store.create(template('b-deploy'), ALICE);
    await t.store.create(template('a-facts', { projectId: PROJECT_B }), ALICE);
    await t.store.create(
      template('c-db', { inventoryId: inventoryIds[1] }),
      ALICE,
    );
    expect((await t.store.list({})).items.map(x => x.name)).toEqual([
      'a-facts',
      'b-deploy',
      'c-db',
    ]);
    const ofA = await t.store.list({ projectId: PROJECT_A });
    expect([ofA.items.map(x => x.name), ofA.totalCount]).toEqual([
      ['b-deploy', 'c-db'],
      2,
    ]);
    expect(
      (await t.store.list({ inventoryId: inventoryIds[1] })).items.map(
        x => x.name,
      ),
    ).toEqual(['c-db']);
    expect(
      (await t.store.list({ limit: 1, offset: 1 })).items.map(x => x.name),
    ).toEqual(['b-deploy']);
    expect(await t.store.namesUsing({ projectId: PROJECT_A })).toEqual([
      'b-deploy',
      'c-db',
    ]);
    expect(await t.store.namesUsing({ inventoryId: inventoryIds[0] })).toEqual([
      'a-facts',
      'b-deploy',
    ]);
    expect(await t.store.namesUsing({ projectId: KEY })).toEqual([]);
  });

  it('refuses a taken name with a 409, updates, and deletes', async () => {
    const deploy = await t.store.create(template('deploy'), ALICE);
    await expect(
      t.store.create(template('deploy'), ALICE),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: "name: a template named 'deploy' already exists",
    });
    const updated = await t.store.update(
      deploy.id,
      template('deploy', { playbook: 'other.yml', oneAtATime: true }),
    );
    expect(updated).toMatchObject({
      playbook: 'other.yml',
      oneAtATime: true,
      owner: ALICE,
    });
    await t.store.delete(deploy.id);
    await expect(t.store.get(deploy.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(t.store.delete(deploy.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
