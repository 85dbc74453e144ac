import { Template, TemplateList } from '@opssight/plugin-automation-common';
import { migratedStore } from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { NamedRowsStore } from '../service/namedRows';
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

export class DatabaseTemplatesStore
  extends NamedRowsStore<RawDbTemplateRow, Template, TemplateFields>
  implements TemplatesStore
{
  static create = migratedStore(
    '@opssight/plugin-automation-backend',
    db => new DatabaseTemplatesStore(db),
  );

  private constructor(db: Knex) {
    super(db, {
      table: TABLE,
      noun: 'template',
      toItem: toTemplate,
      toColumns,
    });
  }

  list(query: ListTemplatesQuery): Promise<TemplateList> {
    return super.list(query, rows => {
      if (query.projectId) rows.where({ project_id: query.projectId });
      if (query.inventoryId) rows.where({ inventory_id: query.inventoryId });
    });
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
}
