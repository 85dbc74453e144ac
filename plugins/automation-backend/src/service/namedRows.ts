import { ConflictError, NotFoundError } from '@backstage/errors';
import { isUniqueViolation, pageOfRows } from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

/** The columns every thing users name and own has (inventories, templates). */
export type NamedRow = {
  id: string;
  name: string;
  owner: string;
  created_at: string;
  updated_at: string;
};

/** A store of things users name and own (inventories, templates). */
export interface NamedStore<Item, Fields, ListQuery> {
  /** Name order, a page at a time (50 unless `limit` says). */
  list(query: ListQuery): Promise<{ items: Item[]; totalCount: number }>;
  /** NotFoundError when there is none. */
  get(id: string): Promise<Item>;
  /** ConflictError naming `name` when it is taken. */
  create(fields: Fields, owner: string): Promise<Item>;
  /** Replaces the fields; ConflictError naming `name` when it is taken, NotFoundError when gone. */
  update(id: string, fields: Fields): Promise<Item>;
  /** NotFoundError when there is none. */
  delete(id: string): Promise<void>;
}

/**
 * The knex store of a table of things users name (inventories, templates):
 * a name is unique (a 409 naming `name`, also when two saves race past the
 * check to the unique index), lists go in name order, and the store that
 * owns the table maps its rows at the edge.
 */
export abstract class NamedRowsStore<
  Row extends NamedRow,
  Item,
  Fields extends { name: string },
> {
  private readonly aNoun: string;

  protected constructor(
    protected readonly db: Knex,
    private readonly options: {
      table: string;
      /** What a row is, in the user's words: `inventory`, `template`. */
      noun: string;
      toItem(row: Row): Item;
      toColumns(fields: Fields): object;
    },
  ) {
    this.aNoun = `${/^[aeiou]/i.test(options.noun) ? 'an' : 'a'} ${
      options.noun
    }`;
  }

  /** A page in name order; `filter` narrows the rows first. */
  async list(
    page: { limit?: number; offset?: number },
    filter?: (query: Knex.QueryBuilder) => void,
  ): Promise<{ items: Item[]; totalCount: number }> {
    const query = this.db(this.options.table);
    filter?.(query);
    const { rows, totalCount } = await pageOfRows<Row>(query, {
      orderBy: [
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ],
      limit: page.limit ?? 50,
      offset: page.offset ?? 0,
    });
    return { items: rows.map(this.options.toItem), totalCount };
  }

  async get(id: string): Promise<Item> {
    const row: Row | undefined = await this.db(this.options.table)
      .where({ id })
      .first();
    if (!row) throw this.notFound();
    return this.options.toItem(row);
  }

  async create(fields: Fields, owner: string): Promise<Item> {
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.db
      .transaction(async tx => {
        await this.refuseTakenName(tx, fields.name);
        await tx(this.options.table).insert({
          id,
          ...this.options.toColumns(fields),
          owner,
          created_at: now,
          updated_at: now,
        });
      })
      .catch(error => Promise.reject(this.nameTaken(error, fields.name)));
    return this.get(id);
  }

  /** Replaces the fields; the owner and the creation time stay. */
  async update(id: string, fields: Fields): Promise<Item> {
    await this.db
      .transaction(async tx => {
        await this.refuseTakenName(tx, fields.name, id);
        const updated = await tx(this.options.table)
          .where({ id })
          .update({
            ...this.options.toColumns(fields),
            updated_at: new Date().toISOString(),
          });
        if (!updated) throw this.notFound();
      })
      .catch(error => Promise.reject(this.nameTaken(error, fields.name)));
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.db(this.options.table).where({ id }).delete();
    if (!deleted) throw this.notFound();
  }

  private notFound() {
    return new NotFoundError(`No such ${this.options.noun}`);
  }

  /** The 409 for a name taken, also when the unique index refused the write. */
  private nameTaken(error: unknown, name: string): unknown {
    return isUniqueViolation(error) ? this.conflict(name) : error;
  }

  private conflict(name: string) {
    return new ConflictError(
      `name: ${this.aNoun} named '${name}' already exists`,
    );
  }

  /** A friendly 409 first; the unique index still decides a race. */
  private async refuseTakenName(tx: Knex, name: string, exceptId?: string) {
    const taken = await tx(this.options.table)
      .where({ name })
      .modify(q => {
        if (exceptId) q.whereNot({ id: exceptId });
      })
      .first('id');
    if (taken) throw this.conflict(name);
  }
}
