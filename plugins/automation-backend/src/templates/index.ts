import { Part, PartServices, TemplateLookup } from '../service/parts';
import { DatabaseTemplatesStore } from './DatabaseTemplatesStore';
import {
  templateRoutes,
  TemplateInventories,
  TemplateProjects,
} from './templateRoutes';
import { TemplatesStore } from './TemplatesStore';

export type { TemplateInventories, TemplateProjects } from './templateRoutes';
export type { TemplatesStore } from './TemplatesStore';
export { DatabaseTemplatesStore } from './DatabaseTemplatesStore';

/** The templates part: its routes, and lookups for runs, schedules and deletes elsewhere. */
export type TemplatesPart = Part &
  TemplateLookup & {
    /** Names of the templates that run a project's playbooks (a project in use is not deleted). */
    usingProject(projectId: string): Promise<string[]>;
    /** Names of the templates that run on an inventory (an inventory in use is not deleted). */
    usingInventory(inventoryId: string): Promise<string[]>;
  };

export async function createTemplatesPart(
  services: PartServices,
  options: {
    projects: TemplateProjects;
    inventories: TemplateInventories;
    store?: TemplatesStore;
  },
): Promise<TemplatesPart> {
  const store =
    options.store ??
    (await DatabaseTemplatesStore.create({ database: services.database }));
  return {
    routes: templateRoutes({ ...options, store }),
    get: id => store.get(id),
    usingProject: projectId => store.namesUsing({ projectId }),
    usingInventory: inventoryId => store.namesUsing({ inventoryId }),
  };
}
