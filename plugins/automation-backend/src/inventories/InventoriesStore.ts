import { Inventory } from '@opssight/plugin-automation-common';
import { NamedStore } from '../service/namedRows';

/** What an inventory is made of when it is saved. */
export type InventoryFields = Omit<
  Inventory,
  'id' | 'owner' | 'createdAt' | 'updatedAt'
>;

export type ListInventoriesQuery = { limit?: number; offset?: number };

/** The automation plugin's inventories (automation_inventories). */
export type InventoriesStore = NamedStore<
  Inventory,
  InventoryFields,
  ListInventoriesQuery
>;
