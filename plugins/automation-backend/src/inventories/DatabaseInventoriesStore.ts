import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Inventory,
  InventoryInput,
  InventoryList,
  InventorySource,
} from '@opssight/plugin-automation-common';
import { migratedStore, pageOfRows } from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  InventoriesStore,
  InventoryFields,
  ListInventoriesQuery,
} from './InventoriesStore';

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

const UNIQUE_NAME = new Error('unique');

/** The 409 for a name taken, also when two saves raced past the check to the unique index. */
function nameTaken(error: unknown, name: string): unknown {
  const text = String((error as { code?: string })?.code ?? '') + String(error);
  return error === UNIQUE_NAME ||
    /23505|SQLITE_CONSTRAINT_UNIQUE|UNIQUE constraint/.test(text)
    ? new ConflictError(`name: an inventory named '${name}' already exists`)
    : error;
}

export class DatabaseInventoriesStore implements InventoriesStore {
  static create = migratedStore(
    '@opssight/plugin-automation-backend',
    db => new DatabaseInventoriesStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async list(query: ListInventoriesQuery): Promise<InventoryList> {
    const { rows, totalCount } = await pageOfRows<RawDbInventoryRow>(
      this.db(TABLE),
      {
        orderBy: [
          { column: 'name', order: 'asc' },
          { column: 'id', order: 'asc' },
        ],
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      },
    );
    return { items: rows.map(toInventory), totalCount };
  }

  async get(id: string): Promise<Inventory> {
    const row = await this.db<RawDbInventoryRow>(TABLE).where({ id }).first();
    if (!row) throw new NotFoundError('No such inventory');
    return toInventory(row);
  }

  async create(input: InventoryInput, owner: string): Promise<Inventory> {
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.db
      .transaction(async tx => {
        await this.refuseTakenName(tx, input.name);
        await tx(TABLE).insert({
          id,
          ...toColumns(input),
          owner,
          created_at: now,
          updated_at: now,
        });
      })
      .catch(error => Promise.reject(nameTaken(error, input.name)));
    return this.get(id);
  }

  async update(id: string, fields: InventoryFields): Promise<Inventory> {
    await this.db
      .transaction(async tx => {
        await this.refuseTakenName(tx, fields.name, id);
        const updated = await tx(TABLE)
          .where({ id })
          .update({
            ...toColumns(fields),
            updated_at: new Date().toISOString(),
          });
        if (!updated) throw new NotFoundError('No such inventory');
      })
      .catch(error => Promise.reject(nameTaken(error, fields.name)));
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.db(TABLE).where({ id }).delete();
    if (!deleted) throw new NotFoundError('No such inventory');
  }

  /** A friendly 409 first; the unique index still decides a race. */
  private async refuseTakenName(tx: Knex, name: string, exceptId?: string) {
    const taken = await tx(TABLE)
      .where({ name })
      .modify(q => {
        if (exceptId) q.whereNot({ id: exceptId });
      })
      .first('id');
    if (taken) throw nameTaken(UNIQUE_NAME, name);
  }
}
