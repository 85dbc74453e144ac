import { Inventory, InventorySource } from '@opssight/plugin-automation-common';
import { migratedStore } from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { NamedRowsStore } from '../service/namedRows';
import { InventoriesStore, InventoryFields } from './InventoriesStore';

const TABLE = 'automation_inventories';

type RawDbInventoryRow = {
  id: string;
  name: string;
  description: string;
  source_kind: string;
  source: string;
  vars: string;
  group_vars: string;
  host_vars: string;
  owner: string;
  created_at: string;
  updated_at: string;
};

function toInventory(row: RawDbInventoryRow): Inventory {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    source: JSON.parse(row.source) as InventorySource,
    vars: row.vars,
    groupVars: JSON.parse(row.group_vars),
    hostVars: JSON.parse(row.host_vars),
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(fields: InventoryFields) {
  return {
    name: fields.name,
    description: fields.description,
    source_kind: fields.source.kind,
    source: JSON.stringify(fields.source),
    vars: fields.vars,
    group_vars: JSON.stringify(fields.groupVars),
    host_vars: JSON.stringify(fields.hostVars),
  };
}

export class DatabaseInventoriesStore
  extends NamedRowsStore<RawDbInventoryRow, Inventory, InventoryFields>
  implements InventoriesStore
{
  static create = migratedStore(
    '@opssight/plugin-automation-backend',
    db => new DatabaseInventoriesStore(db),
  );

  private constructor(db: Knex) {
    super(db, {
      table: TABLE,
      noun: 'inventory',
      toItem: toInventory,
      toColumns,
    });
  }
}
