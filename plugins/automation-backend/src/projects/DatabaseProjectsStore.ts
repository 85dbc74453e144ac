import { ConflictError, NotFoundError } from '@backstage/errors';
import { ProjectSource } from '@opssight/plugin-automation-common';
import {
  isUniqueViolation,
  migratedStore,
  pageOfRows,
} from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { hostKeyFingerprint } from '../sources/projectGit';
import {
  NewProject,
  ProjectChanges,
  ProjectsStore,
  StoredProject,
} from './ProjectsStore';

const TABLE = 'automation_projects';

type RawDbProjectRow = {
  id: string;
  name: string;
  description: string;
  source_kind: 'files' | 'git';
  git_url: string | null;
  git_ref: string | null;
  git_sub_path: string | null;
  git_credential_id: string | null;
  git_host_key: string | null;
  owner: string;
  created_at: string;
  updated_at: string;
};

function sourceColumns(source: ProjectSource) {
  return source.kind === 'git'
    ? {
        source_kind: 'git' as const,
        git_url: source.url,
        git_ref: source.ref,
        git_sub_path: source.subPath,
        git_credential_id: source.credentialId,
      }
    : {
        source_kind: 'files' as const,
        git_url: null,
        git_ref: null,
        git_sub_path: null,
        git_credential_id: null,
      };
}

function toProject(row: RawDbProjectRow): StoredProject {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    source:
      row.source_kind === 'git'
        ? {
            kind: 'git',
            url: row.git_url ?? '',
            ref: row.git_ref ?? '',
            subPath: row.git_sub_path,
            credentialId: row.git_credential_id,
            hostKey: row.git_host_key,
            hostKeyFingerprint: row.git_host_key
              ? hostKeyFingerprint(row.git_host_key)
              : null,
          }
        : { kind: 'files' },
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * What an update does to the pinned host key: set or forget it when the
 * request says, forget it when the URL changes (a key pinned for one remote
 * says nothing about another), keep it otherwise.
 */
function hostKeyChange(
  before: RawDbProjectRow,
  source: ProjectSource | undefined,
): { git_host_key?: string | null } {
  if (source?.kind !== 'git') {
    return source ? { git_host_key: null } : {};
  }
  if (source.hostKey !== undefined) return { git_host_key: source.hostKey };
  return source.url !== before.git_url ? { git_host_key: null } : {};
}

const nameTaken = (name: string) =>
  new ConflictError(`name: a project named '${name}' already exists`);

export class DatabaseProjectsStore implements ProjectsStore {
  static create = migratedStore(
    '@opssight/plugin-automation-backend',
    db => new DatabaseProjectsStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async list(query: { q?: string; limit: number; offset: number }) {
    const rows = this.db<RawDbProjectRow>(TABLE);
    if (query.q) {
      const like = `%${query.q
        .toLowerCase()
        .replace(/[\\%_]/g, c => `\\${c}`)}%`;
      rows.where(q =>
        q
          .whereRaw("LOWER(name) LIKE ? ESCAPE '\\'", [like])
          .orWhereRaw("LOWER(description) LIKE ? ESCAPE '\\'", [like]),
      );
    }
    const page = await pageOfRows<RawDbProjectRow>(rows, {
      orderBy: [
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ],
      limit: query.limit,
      offset: query.offset,
    });
    return { items: page.rows.map(toProject), totalCount: page.totalCount };
  }

  async get(id: string): Promise<StoredProject> {
    return toProject(await this.row(this.db, id));
  }

  async create(project: NewProject): Promise<StoredProject> {
    const now = new Date().toISOString();
    const row: RawDbProjectRow = {
      id: randomUUID(),
      name: project.name,
      description: project.description,
      ...sourceColumns(project.source),
      git_host_key:
        project.source.kind === 'git' ? project.source.hostKey ?? null : null,
      owner: project.owner,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db(TABLE).insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(project.name);
      throw error;
    }
    return toProject(row);
  }

  async update(id: string, changes: ProjectChanges): Promise<StoredProject> {
    try {
      return await this.db.transaction(async tx => {
        const before = await this.row(tx, id);
        const columns = changes.source
          ? sourceColumns(changes.source)
          : undefined;
        await tx(TABLE)
          .where({ id })
          .update({
            ...hostKeyChange(before, changes.source),
            ...(changes.name !== undefined ? { name: changes.name } : {}),
            ...(changes.description !== undefined
              ? { description: changes.description }
              : {}),
            ...columns,
            updated_at: new Date().toISOString(),
          });
        return toProject(await this.row(tx, id));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(changes.name ?? '');
      throw error;
    }
  }

  async delete(id: string): Promise<StoredProject> {
    return this.db.transaction(async tx => {
      const row = await this.row(tx, id);
      await tx(TABLE).where({ id }).delete();
      return toProject(row);
    });
  }

  async gitHostKey(id: string): Promise<string | undefined> {
    return (await this.row(this.db, id)).git_host_key ?? undefined;
  }

  async pinGitHostKey(
    id: string,
    url: string,
    hostKey: string,
  ): Promise<boolean> {
    // One statement: of two first fetches, the first to pin wins.
    const updated = await this.db(TABLE)
      .where({ id, git_url: url, git_host_key: null })
      .update({ git_host_key: hostKey });
    return updated > 0;
  }

  private async row(db: Knex, id: string): Promise<RawDbProjectRow> {
    const row = await db<RawDbProjectRow>(TABLE).where({ id }).first();
    if (!row) throw new NotFoundError(`No project with id '${id}'`);
    return row;
  }
}
