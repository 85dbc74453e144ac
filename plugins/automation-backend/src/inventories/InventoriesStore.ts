import {
  Inventory,
  InventoryInput,
  InventoryList,
} from '@opssight/plugin-automation-common';

/** What an inventory is made of when it is saved. */
export type InventoryFields = Omit<
  Inventory,
  'id' | 'owner' | 'createdAt' | 'updatedAt'
>;

export type ListInventoriesQuery = { limit?: number; offset?: number };

/** The automation plugin's inventories (automation_inventories). */
export interface InventoriesStore {
  list(query: ListInventoriesQuery): Promise<InventoryList>;
  /** NotFoundError when there is none. */
  get(id: string): Promise<Inventory>;
  /** ConflictError naming `name` when it is taken. */
  create(input: InventoryInput, owner: string): Promise<Inventory>;
  /** Replaces the fields; ConflictError naming `name` when it is taken, NotFoundError when gone. */
  update(id: string, fields: InventoryFields): Promise<Inventory>;
  /** NotFoundError when there is none. */
  delete(id: string): Promise<void>;
}
