import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { Inventory } from '@opssight/plugin-automation-common';
import { InventoryResolver, Part, PartServices } from '../service/parts';
import { DatabaseInventoriesStore } from './DatabaseInventoriesStore';
import { InventoriesStore } from './InventoriesStore';
import { inventoryRoutes } from './inventoryRoutes';
import {
  ClusterSource,
  InventoryDefinition,
  resolveInventory,
} from './resolveInventory';

export { clustersApi } from './resolveInventory';
export type { ClusterSource, InventoryCluster } from './resolveInventory';
export type { InventoriesStore } from './InventoriesStore';
export { DatabaseInventoriesStore } from './DatabaseInventoriesStore';

/** The inventories part: its routes, its resolver, and lookups for the templates. */
export type InventoriesPart = Part &
  InventoryResolver & {
    /** NotFoundError for an unknown inventory. */
    get(id: string): Promise<Inventory>;
  };

export async function createInventoriesPart(
  services: PartServices,
  options: {
    /** The clusters plugin (clustersApi over discovery and auth in the plugin). */
    clusters: ClusterSource;
    /** Names of the templates using an inventory (the templates part's usingInventory). */
    templatesUsing(inventoryId: string): Promise<string[]>;
    store?: InventoriesStore;
  },
): Promise<InventoriesPart> {
  const store =
    options.store ??
    (await DatabaseInventoriesStore.create({ database: services.database }));
  const deps = {
    machines: services.machines,
    clusters: options.clusters,
    directories: services.directories,
  };
  const resolve = (
    definition: InventoryDefinition,
    credentials: BackstageCredentials,
  ) => resolveInventory(definition, deps, credentials);

  return {
    routes: inventoryRoutes({
      store,
      resolve,
      templatesUsing: id => options.templatesUsing(id),
    }),
    get: id => store.get(id),
    async resolve(inventoryId, credentials, field) {
      const inventory = await store.get(inventoryId).catch(error => {
        throw error instanceof NotFoundError
          ? new InputError(`${field}: no such inventory (deleted since?)`)
          : error;
      });
      const { inventory: resolved, unready } = await resolve(
        inventory,
        credentials,
      );
      return { name: inventory.name, inventory: resolved, unready };
    },
  };
}
