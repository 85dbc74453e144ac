import {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  inventoryInputSchema,
  templateInputSchema,
} from '@opssight/plugin-automation-common';
import { VersionedFileStore } from '@opssight/plugin-versioned-files-node';
import { seededCredentialId } from '@opssight/plugin-vault-node';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Knex } from 'knex';
import { DatabaseInventoriesStore } from '../inventories';
import { DatabaseProjectsStore } from '../projects/DatabaseProjectsStore';
import { DatabaseTemplatesStore } from '../templates';

const SEEDED = 'demo-seeded-from';

/** Every file under `dir`, with its path relative to it. */
async function filesUnder(dir: string) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter(entry => entry.isFile())
      .map(async entry => {
        const path = join(entry.parentPath, entry.name);
        return {
          path: relative(dir, path),
          content: await readFile(path, 'utf8'),
        };
      }),
  );
}

/**
 * The demo, once, on the first start of an empty plugin
 * (`automation.seed`): the demo project's files as a stored project, a live
 * inventory of a machine group, and a template of the configuration change
 * with a survey, logging in with the vault's seeded shared credential.
 * Remembered in the database: a demo the user deleted stays deleted.
 */
export async function seedDemo(options: {
  database: DatabaseService;
  seed: ReturnType<RootConfigService['getConfig']>;
  logger: LoggerService;
  owner: string;
}) {
  const { database, seed, logger, owner } = options;
  // Created first: it runs the plugin's migrations.
  const projects = await DatabaseProjectsStore.create({ database });
  const db: Knex = await database.getClient();
  if (await db('automation_meta').where({ key: SEEDED }).first()) return;
  const remember = (value: string) =>
    db('automation_meta').insert({ key: SEEDED, value });
  if ((await projects.list({ limit: 1, offset: 0 })).totalCount > 0) {
    await remember('pre-existing projects');
    return;
  }
  const dir = resolve(seed.getString('projectDir'));
  let files;
  try {
    files = await filesUnder(dir);
  } catch (error) {
    logger.warn(`Not seeding the automation demo: cannot read ${dir}: ${error}`);
    return;
  }

  const project = await projects.create({
    name: 'Demo playbooks',
    description: 'Safe demo playbooks: facts, uptime, a configuration change.',
    source: { kind: 'files' },
    owner,
  });
  const versions = await VersionedFileStore.create({
    database,
  });
  await versions.save(project.id, {
    files,
    author: owner,
    message: `Imported from ${relative(process.cwd(), dir) || dir}`,
  });

  const group = seed.getOptionalString('group') ?? 'web';
  const inventories = await DatabaseInventoriesStore.create({
    database,
  });
  const inventory = await inventories.create(
    inventoryInputSchema.parse({
      name: `Demo: the ${group} group`,
      description: `The registry's ${group} machines, live.`,
      source: { kind: 'registry', groups: [group] },
    }),
    owner,
  );

  const credential = seed.getOptionalString('credential');
  if (credential) {
    const templates = await DatabaseTemplatesStore.create({
      database,
    });
    await templates.create(
      templateInputSchema.parse({
        name: 'Demo: configuration change',
        description:
          'Writes an application config under /tmp on each host; its handler runs only when the file changed.',
        projectId: project.id,
        playbook: 'config-change.yml',
        inventoryId: inventory.id,
        sshCredentialId: seededCredentialId(credential),
        survey: [
          {
            variable: 'greeting',
            label: 'Greeting',
            type: 'string',
            default: 'Hello',
            required: true,
          },
          {
            variable: 'log_level',
            label: 'Log level',
            type: 'choice',
            choices: ['debug', 'info', 'warning'],
            default: 'info',
            required: true,
          },
        ],
      }),
      owner,
    );
  }
  await remember(dir);
  logger.info(
    `Seeded the automation demo: project, inventory${
      credential ? ' and template' : ''
    } from ${dir}`,
  );
}
