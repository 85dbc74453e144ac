import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { textProblem } from '@opssight/plugin-validation-common';
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@opssight/plugin-versioned-files-node',
  'migrations',
);
/** Its own, so the owning plugin's `knex_migrations` never sees ours. */
export const MIGRATIONS_TABLE = 'opssight_versioned_files_migrations';

/** What one tree may hold. */
export const LIMITS = {
  files: 500,
  pathChars: 300,
  fileBytes: 1024 * 1024,
  treeBytes: 10 * 1024 * 1024,
  messageChars: 1000,
};

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._@+-]*$/;

/** @public */
export type TreeFile = { path: string; content: string };

/** @public */
export type TreeVersion = {
  treeId: string;
  number: number;
  author: string;
  message: string;
  fileCount: number;
  /** Bytes of UTF-8 content. */
  size: number;
  /** Of the sorted path/content list: equal trees have equal hashes. */
  sha256: string;
  /** The version this one restored, when it is a restore. */
  restoredFrom: number | null;
  createdAt: string;
};

/** @public */
export type FileChange = {
  path: string;
  status: 'added' | 'removed' | 'modified';
  /** A unified diff (`--- a/path`, `+++ b/path`). */
  patch: string;
};

type VersionRow = {
  tree_id: string;
  number: number;
  author: string;
  message: string;
  file_count: number;
  size: number;
  sha256: string;
  restored_from: number | null;
  created_at: string;
};

const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');

/**
 * The problem with a tree's files as a 400 names it (`files[2].path: …`), or
 * undefined. Paths are relative, `/`-separated, of letters, digits and
 * `._@+-` (no `.`/`..` segments, no hidden leading dot games); contents are
 * well-formed text.
 *
 * @public
 */
export function filesProblem(files: TreeFile[]): string | undefined {
  if (files.length === 0) return 'files: a tree needs at least one file';
  if (files.length > LIMITS.files) {
    return `files: at most ${LIMITS.files} files (got ${files.length})`;
  }
  const seen = new Set<string>();
  let total = 0;
  for (const [i, file] of files.entries()) {
    const at = `files[${i}]`;
    if (typeof file?.path !== 'string' || typeof file?.content !== 'string') {
      return `${at}: needs a path and a content, both text`;
    }
    const { path, content } = file;
    if (path.length === 0 || path.length > LIMITS.pathChars) {
      return `${at}.path: 1 to ${LIMITS.pathChars} characters`;
    }
    if (!path.split('/').every(s => SEGMENT.test(s))) {
      return `${at}.path: a relative path of letters, digits and . _ @ + - (no empty, . or .. parts)`;
    }
    if (seen.has(path)) return `${at}.path: ${path} is listed twice`;
    seen.add(path);
    const problem = textProblem(content);
    if (problem) return `${at}.content: ${problem}`;
    const bytes = Buffer.byteLength(content);
    if (bytes > LIMITS.fileBytes) {
      return `${at}.content: at most ${LIMITS.fileBytes / 1024} KiB per file`;
    }
    total += bytes;
  }
  for (const path of seen) {
    // A file and a folder of the same name cannot both exist on disk.
    const parts = path.split('/');
    for (let n = 1; n < parts.length; n++) {
      const folder = parts.slice(0, n).join('/');
      if (seen.has(folder))
        return `files: ${folder} is both a file and a folder`;
    }
  }
  if (total > LIMITS.treeBytes) {
    return `files: at most ${LIMITS.treeBytes / 1024 / 1024} MiB in all`;
  }
  return undefined;
}

/**
 * Small file trees (an Ansible project, a Terraform configuration) kept in
 * the owning plugin's database as immutable versions: every save is a new
 * version with its author, time and message; any two versions can be
 * diffed; an old version is restored as a new one. Contents are stored once
 * per distinct content.
 *
 * @public
 */
export class VersionedFileStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<VersionedFileStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new VersionedFileStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Saves the files as the tree's next version. `baseVersion` is the version
   * the author started from: when someone saved another since, the save is
   * refused (ConflictError) instead of silently undoing their change. A save
   * that changes nothing is refused (InputError).
   */
  async save(
    treeId: string,
    input: {
      files: TreeFile[];
      author: string;
      message: string;
      baseVersion?: number | null;
      restoredFrom?: number;
    },
  ): Promise<TreeVersion> {
    const problem = filesProblem(input.files);
    if (problem) throw new InputError(problem);
    const message = input.message.trim();
    if (message.length > LIMITS.messageChars) {
      throw new InputError(
        `message: at most ${LIMITS.messageChars} characters`,
      );
    }
    const messageProblem = textProblem(message);
    if (messageProblem) throw new InputError(`message: ${messageProblem}`);
    const files = [...input.files].sort((a, b) => (a.path < b.path ? -1 : 1));
    const treeHash = sha256(
      JSON.stringify(files.map(f => [f.path, sha256(f.content)])),
    );

    try {
      return await this.db.transaction(async tx => {
        const latest = await tx<VersionRow>('vf_versions')
          .where({ tree_id: treeId })
          .orderBy('number', 'desc')
          .first();
        const latestNumber = latest?.number ?? null;
        if (
          input.baseVersion !== undefined &&
          input.baseVersion !== latestNumber
        ) {
          throw new ConflictError(
            `baseVersion: version ${latestNumber} was saved since version ${input.baseVersion}; reload and save again`,
          );
        }
        if (latest?.sha256 === treeHash) {
          throw new InputError(
            `files: nothing changed since version ${latest.number}`,
          );
        }
        for (const file of files) {
          await tx('vf_blobs')
            .insert({
              sha256: sha256(file.content),
              content: file.content,
              size: Buffer.byteLength(file.content),
            })
            .onConflict('sha256')
            .ignore();
        }
        const row: VersionRow = {
          tree_id: treeId,
          number: (latestNumber ?? 0) + 1,
          author: input.author,
          message: message || '(no message)',
          file_count: files.length,
          size: files.reduce((n, f) => n + Buffer.byteLength(f.content), 0),
          sha256: treeHash,
          restored_from: input.restoredFrom ?? null,
          created_at: new Date().toISOString(),
        };
        await tx('vf_versions').insert(row);
        for (let i = 0; i < files.length; i += 100) {
          await tx('vf_entries').insert(
            files.slice(i, i + 100).map(f => ({
              tree_id: treeId,
              number: row.number,
              path: f.path,
              sha256: sha256(f.content),
            })),
          );
        }
        return toVersion(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          'baseVersion: another version was saved at the same time; reload and save again',
        );
      }
      throw error;
    }
  }

  /** Versions newest first. */
  async listVersions(
    treeId: string,
    page: { limit?: number; offset?: number } = {},
  ): Promise<{ items: TreeVersion[]; totalCount: number }> {
    const [rows, [{ count }]] = await Promise.all([
      this.db<VersionRow>('vf_versions')
        .where({ tree_id: treeId })
        .orderBy('number', 'desc')
        .limit(page.limit ?? 50)
        .offset(page.offset ?? 0),
      this.db('vf_versions').where({ tree_id: treeId }).count({ count: '*' }),
    ]);
    return { items: rows.map(toVersion), totalCount: Number(count) };
  }

  /** A version; the latest when `number` is left out. NotFoundError when there is none. */
  async getVersion(treeId: string, number?: number): Promise<TreeVersion> {
    const query = this.db<VersionRow>('vf_versions').where({ tree_id: treeId });
    const row = await (number === undefined
      ? query.orderBy('number', 'desc').first()
      : query.where({ number }).first());
    if (!row) {
      throw new NotFoundError(
        number === undefined
          ? `${treeId} has no saved version`
          : `${treeId} has no version ${number}`,
      );
    }
    return toVersion(row);
  }

  /** A version's files (path order). */
  async readFiles(treeId: string, number?: number): Promise<TreeFile[]> {
    const version = await this.getVersion(treeId, number);
    const rows = await this.db('vf_entries as e')
      .join('vf_blobs as b', 'b.sha256', 'e.sha256')
      .where({ 'e.tree_id': treeId, 'e.number': version.number })
      .orderBy('e.path')
      .select('e.path as path', 'b.content as content');
    return rows.map(r => ({ path: r.path, content: r.content }));
  }

  /** What changed from version `from` to version `to`, file by file, in path order. */
  async diff(treeId: string, from: number, to: number): Promise<FileChange[]> {
    const [before, after] = await Promise.all([
      this.readFiles(treeId, from),
      this.readFiles(treeId, to),
    ]);
    const old = new Map(before.map(f => [f.path, f.content]));
    const now = new Map(after.map(f => [f.path, f.content]));
    const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
    const changes: FileChange[] = [];
    for (const path of paths) {
      const a = old.get(path);
      const b = now.get(path);
      if (a === b) continue;
      changes.push({
        path,
        status: changeStatus(a, b),
        patch: createTwoFilesPatch(
          a === undefined ? '/dev/null' : `a/${path}`,
          b === undefined ? '/dev/null' : `b/${path}`,
          a ?? '',
          b ?? '',
          `version ${from}`,
          `version ${to}`,
        ),
      });
    }
    return changes;
  }

  /** Saves version `number`'s files again as the newest version. */
  async restore(
    treeId: string,
    number: number,
    input: { author: string; message?: string },
  ): Promise<TreeVersion> {
    const files = await this.readFiles(treeId, number);
    return this.save(treeId, {
      files,
      author: input.author,
      message: input.message?.trim() || `Restored version ${number}`,
      restoredFrom: number,
    });
  }

  /** Removes a tree's versions (contents shared with other trees stay). */
  async deleteTree(treeId: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('vf_entries').where({ tree_id: treeId }).delete();
      await tx('vf_versions').where({ tree_id: treeId }).delete();
    });
  }
}

function changeStatus(before?: string, after?: string): FileChange['status'] {
  if (before === undefined) return 'added';
  if (after === undefined) return 'removed';
  return 'modified';
}

function toVersion(row: VersionRow): TreeVersion {
  return {
    treeId: row.tree_id,
    number: Number(row.number),
    author: row.author,
    message: row.message,
    fileCount: Number(row.file_count),
    size: Number(row.size),
    sha256: row.sha256,
    restoredFrom: row.restored_from === null ? null : Number(row.restored_from),
    createdAt: row.created_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
