import { migratedStore } from '@opssight/plugin-http-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { SnippetInput, SnippetStore, StoredSnippet } from './SnippetStore';

type RawDbSnippetRow = {
  id: string;
  name: string;
  description: string;
  script: string;
  owner: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

function toSnippet(row: RawDbSnippetRow): StoredSnippet {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    script: row.script,
    owner: row.owner ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class DatabaseSnippetStore implements SnippetStore {
  static create = migratedStore(
    '@opssight/plugin-clusters-backend',
    db => new DatabaseSnippetStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async list(): Promise<StoredSnippet[]> {
    const rows = await this.db<RawDbSnippetRow>('cluster_snippets').orderBy(
      'name',
    );
    return rows.map(toSnippet);
  }

  async get(id: string): Promise<StoredSnippet> {
    return toSnippet(await this.row(this.db, id));
  }

  async create(input: SnippetInput, createdBy: string): Promise<StoredSnippet> {
    const now = new Date().toISOString();
    const row: RawDbSnippetRow = {
      id: randomUUID(),
      name: input.name,
      description: input.description,
      script: input.script,
      owner: createdBy,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    };
    await this.db.transaction(async tx => {
      await this.assertNameFree(tx, input.name);
      await tx('cluster_snippets').insert(row);
    });
    return toSnippet(row);
  }

  async update(id: string, input: SnippetInput): Promise<StoredSnippet> {
    return this.db.transaction(async tx => {
      await this.row(tx, id);
      await this.assertNameFree(tx, input.name, id);
      await tx('cluster_snippets').where({ id }).update({
        name: input.name,
        description: input.description,
        script: input.script,
        updated_at: new Date().toISOString(),
      });
      return toSnippet(await this.row(tx, id));
    });
  }

  async delete(id: string): Promise<StoredSnippet> {
    return this.db.transaction(async tx => {
      const row = await this.row(tx, id);
      await tx('cluster_snippets').where({ id }).delete();
      return toSnippet(row);
    });
  }

  private async row(db: Knex, id: string): Promise<RawDbSnippetRow> {
    const row = await db<RawDbSnippetRow>('cluster_snippets')
      .where({ id })
      .first();
    if (!row) {
      throw new NotFoundError(`No snippet with id '${id}'`);
    }
    return row;
  }

  private async assertNameFree(db: Knex, name: string, exceptId?: string) {
    const clash = await db<RawDbSnippetRow>('cluster_snippets')
      .where({ name })
      .first();
    if (clash && clash.id !== exceptId) {
      throw new ConflictError(`name: a snippet named '${name}' already exists`);
    }
  }
}
