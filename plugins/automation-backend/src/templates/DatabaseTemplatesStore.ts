import { ConflictError, NotFoundError } from '@backstage/errors';
import { Template, TemplateList } from '@opssight/plugin-automation-common';
import { migratedStore, pageOfRows } from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  ListTemplatesQuery,
  TemplateFields,
  TemplatesStore,
} from './TemplatesStore';

const TABLE = 'automation_templates';

type RawDbTemplateRow = {
  id: string;
  name: string;
  description: string;
  project_id: string;
  playbook: string;
  inventory_id: string;
  ssh_credential_id: string;
  become_credential_id: string | null;
  vault_credential_id: string | null;
  extra_vars: string;
  options: string;
  survey: string;
  one_at_a_time: boolean | number;
  owner: string;
  created_at: string;
  updated_at: string;
};

function toTemplate(row: RawDbTemplateRow): Template {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    projectId: row.project_id,
    playbook: row.playbook,
    inventoryId: row.inventory_id,
    sshCredentialId: row.ssh_credential_id,
    becomeCredentialId: row.become_credential_id,
    vaultCredentialId: row.vault_credential_id,
    extraVars: row.extra_vars,
    options: JSON.parse(row.options),
    survey: JSON.parse(row.survey),
    // SQLite answers booleans as 0 and 1.
    oneAtATime: Boolean(row.one_at_a_time),
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(fields: TemplateFields) {
  return {
    name: fields.name,
    description: fields.description,
    project_id: fields.projectId,
    playbook: fields.playbook,
    inventory_id: fields.inventoryId,
    ssh_credential_id: fields.sshCredentialId,
    become_credential_id: fields.becomeCredentialId,
    vault_credential_id: fields.vaultCredentialId,
    extra_vars: fields.extraVars,
    options: JSON.stringify(fields.options),
    survey: JSON.stringify(fields.survey),
    one_at_a_time: fields.oneAtATime,
  };
}

const UNIQUE_NAME = new Error('unique');

/** The 409 for a name taken, also when two saves raced past the check to the unique index. */
function nameTaken(error: unknown, name: string): unknown {
  const text = String((error as { code?: string })?.code ?? '') + String(error);
  return error === UNIQUE_NAME ||
    /23505|SQLITE_CONSTRAINT_UNIQUE|UNIQUE constraint/.test(text)
    ? new ConflictError(`name: a template named '${name}' already exists`)
    : error;
}

export class DatabaseTemplatesStore implements TemplatesStore {
  static create = migratedStore(
    '@opssight/plugin-automation-backend',
    db => new DatabaseTemplatesStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async list(query: ListTemplatesQuery): Promise<TemplateList> {
    const base = this.db(TABLE);
    if (query.projectId) base.where({ project_id: query.projectId });
    if (query.inventoryId) base.where({ inventory_id: query.inventoryId });
    const { rows, totalCount } = await pageOfRows<RawDbTemplateRow>(base, {
      orderBy: [
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ],
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { items: rows.map(toTemplate), totalCount };
  }

  async get(id: string): Promise<Template> {
    const row = await this.db<RawDbTemplateRow>(TABLE).where({ id }).first();
    if (!row) throw new NotFoundError('No such template');
    return toTemplate(row);
  }

  async create(fields: TemplateFields, owner: string): Promise<Template> {
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.db
      .transaction(async tx => {
        await this.refuseTakenName(tx, fields.name);
        await tx(TABLE).insert({
          id,
          ...toColumns(fields),
          owner,
          created_at: now,
          updated_at: now,
        });
      })
      .catch(error => Promise.reject(nameTaken(error, fields.name)));
    return this.get(id);
  }

  async update(id: string, fields: TemplateFields): Promise<Template> {
    await this.db
      .transaction(async tx => {
        await this.refuseTakenName(tx, fields.name, id);
        const updated = await tx(TABLE)
          .where({ id })
          .update({
            ...toColumns(fields),
            updated_at: new Date().toISOString(),
          });
        if (!updated) throw new NotFoundError('No such template');
      })
      .catch(error => Promise.reject(nameTaken(error, fields.name)));
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.db(TABLE).where({ id }).delete();
    if (!deleted) throw new NotFoundError('No such template');
  }

  async namesUsing(
    what: { projectId: string } | { inventoryId: string },
  ): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.db(TABLE)
      .where(
        'projectId' in what
          ? { project_id: what.projectId }
          : { inventory_id: what.inventoryId },
      )
      .orderBy('name')
      .select('name');
    return rows.map(r => r.name);
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
