import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { VersionedFileStore } from '@opssight/plugin-versioned-files-node';
import { seededCredentialId } from '@opssight/plugin-vault-node';
import { storeTest } from '@opssight/plugin-testing-node';
import { resolve } from 'node:path';
import { DatabaseInventoriesStore } from '../inventories';
import { DatabaseProjectsStore } from '../projects/DatabaseProjectsStore';
import { DatabaseTemplatesStore } from '../templates';
import { seedDemo } from './seed';

jest.setTimeout(60_000);

const DEMO = resolve(__dirname, '../../../../examples/automation/demo-project');
const OWNER = 'group:default/platform-team';

storeTest('seedDemo', DatabaseProjectsStore.create, t => {
  const seed = (projectDir = DEMO) =>
    seedDemo({
      database: t.database,
      seed: new ConfigReader({ projectDir, credential: 'demo-ssh' }),
      logger: mockServices.logger.mock(),
      owner: OWNER,
    });

  it('seeds the demo project, its inventory and template once, and not again once deleted', async () => {
    await seed();
    const projects = await t.store.list({ limit: 10, offset: 0 });
    expect(projects.items.map(p => p.name)).toEqual(['Demo playbooks']);
    const project = projects.items[0];
    const versions = await VersionedFileStore.create({ database: t.database });
    const files = await versions.readFiles(project.id);
    expect(files.map(f => f.path).sort()).toEqual([
      'README.md',
      'config-change.yml',
      'facts.yml',
      'templates/app.conf.j2',
      'uptime.yml',
    ]);

    const inventories = await DatabaseInventoriesStore.create({
      database: t.database,
    });
    const [inventory] = (await inventories.list({ limit: 10, offset: 0 }))
      .items;
    expect(inventory.source).toMatchObject({ kind: 'registry', groups: ['web'] });

    const templates = await DatabaseTemplatesStore.create({
      database: t.database,
    });
    const [template] = (await templates.list({ limit: 10, offset: 0 })).items;
    expect(template).toMatchObject({
      projectId: project.id,
      playbook: 'config-change.yml',
      inventoryId: inventory.id,
      sshCredentialId: seededCredentialId('demo-ssh'),
      owner: OWNER,
    });
    expect(template.survey.map(q => q.variable)).toEqual([
      'greeting',
      'log_level',
    ]);

    // A second start changes nothing; a deleted demo stays deleted.
    await seed();
    expect((await t.store.list({ limit: 10, offset: 0 })).totalCount).toBe(1);
    await templates.delete(template.id);
    await t.store.delete(project.id);
    await seed();
    expect((await t.store.list({ limit: 10, offset: 0 })).totalCount).toBe(0);
  });

  it('leaves a plugin that already has projects alone, and retries a folder it cannot read', async () => {
    await seed('/nonexistent/demo');
    expect((await t.store.list({ limit: 10, offset: 0 })).totalCount).toBe(0);
    await t.store.create({
      name: 'mine',
      description: '',
      source: { kind: 'files' },
      owner: 'user:default/alice',
    });
    await seed();
    const names = (await t.store.list({ limit: 10, offset: 0 })).items.map(
      p => p.name,
    );
    expect(names).toEqual(['mine']);
  });
});
