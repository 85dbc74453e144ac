import { NotFoundError } from '@backstage/errors';
import { MachinesService } from '@opssight/plugin-machines-node';
import { RunDirectories } from '@opssight/plugin-runner-node';
import { VaultService } from '@opssight/plugin-vault-node';
import {
  fakeVault,
  startAutomationBackend,
} from '../../__testUtils__/automationBackend';
import { createTemplatesPart, TemplatesPart } from '../../templates';
import { createInventoriesPart, InventoriesPart } from '..';
import { InventoryCluster } from '../resolveInventory';

/**
 * The automation plugin with its inventories and templates parts only, as
 * plugin.ts wires the parts, on an in-memory SQLite database.
 */
export async function startPartsBackend(options: {
  machines: MachinesService;
  vault?: VaultService;
  clusters?: InventoryCluster[];
  /** Project id → its playbooks (null: a git project). */
  projects?: Record<string, string[] | null>;
}) {
  const parts: { inventories?: InventoriesPart; templates?: TemplatesPart } =
    {};
  const backend = await startAutomationBackend({
    machines: options.machines,
    vault: options.vault ?? fakeVault([]),
    directories: RunDirectories.forPlugin(
      `automation-parts-test-${process.pid}`,
    ),
    async parts(services) {
      // The parts refer to each other: an inventory in use by a template is not deleted.
      const late: { templates?: TemplatesPart } = {};
      const inventories = await createInventoriesPart(services, {
        clusters: {
          async get(id) {
            const found = options.clusters?.find(c => c.id === id);
            if (!found) throw new NotFoundError('No such cluster');
            return found;
          },
        },
        templatesUsing: id => late.templates!.usingInventory(id),
      });
      const templates = await createTemplatesPart(services, {
        projects: {
          async playbooksOf(projectId) {
            const playbooks = options.projects?.[projectId];
            if (playbooks === undefined) {
              throw new NotFoundError('No such project');
            }
            return playbooks;
          },
        },
        inventories,
      });
      late.templates = templates;
      Object.assign(parts, { inventories, templates });
      // Neither part starts jobs: no engine.
      return [inventories, templates];
    },
  });
  return { ...backend, parts: parts as Required<typeof parts> };
}
