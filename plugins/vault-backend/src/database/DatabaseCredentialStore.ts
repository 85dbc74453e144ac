import { migratedStore } from '@opssight/plugin-http-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Credential,
  CredentialKind,
  CredentialScope,
} from '@opssight/plugin-vault-common';
import { SealedSecret } from '@opssight/plugin-vault-node';
import { Knex } from 'knex';
import {
  CredentialChanges,
  CredentialStore,
  NewCredential,
  ResealOutcome,
} from './CredentialStore';

const TABLE = 'vault_credentials';

type RawDbCredentialRow = {
  id: string;
  name: string;
  kind: CredentialKind;
  scope: CredentialScope;
  owner: string;
  name_owner: string;
  username: string;
  key_type: string | null;
  fingerprint: string | null;
  public_key: string | null;
  description: string;
  /** JSON list of strings. */
  allowed_destinations: string;
  ciphertext: string;
  iv: string;
  auth_tag: string;
  key_id: string;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
};

const now = () => new Date().toISOString();

/** Names are unique per owner among personal credentials, and among shared ones. */
const nameOwnerOf = (scope: CredentialScope, owner: string) =>
  scope === 'shared' ? '' : owner;

function sealedOf(row: RawDbCredentialRow): SealedSecret {
  return {
    keyId: row.key_id,
    iv: row.iv,
    authTag: row.auth_tag,
    ciphertext: row.ciphertext,
  };
}

function sealedColumns(sealed: SealedSecret) {
  return {
    key_id: sealed.keyId,
    iv: sealed.iv,
    auth_tag: sealed.authTag,
    ciphertext: sealed.ciphertext,
  };
}

function destinationsOf(row: RawDbCredentialRow): string[] {
  const list = JSON.parse(row.allowed_destinations || '[]');
  return Array.isArray(list) ? list.filter(d => typeof d === 'string') : [];
}

function toCredential(row: RawDbCredentialRow): Credential {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    scope: row.scope,
    owner: row.owner,
    username: row.username,
    keyType: row.key_type,
    fingerprint: row.fingerprint,
    publicKey: row.public_key,
    description: row.description,
    allowedDestinations: destinationsOf(row),
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class DatabaseCredentialStore implements CredentialStore {
  static create = migratedStore(
    '@opssight/plugin-vault-backend',
    db => new DatabaseCredentialStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async listVisible(options: {
    user: string;
    kind?: CredentialKind;
    scope?: CredentialScope;
  }): Promise<Credential[]> {
    const query = this.db<RawDbCredentialRow>(TABLE).where(visible =>
      visible
        .where({ scope: 'shared' })
        .orWhere({ scope: 'personal', owner: options.user }),
    );
    if (options.kind) query.andWhere({ kind: options.kind });
    if (options.scope) query.andWhere({ scope: options.scope });
    const rows = await query.orderBy('name').orderBy('id');
    return rows.map(toCredential);
  }

  async get(id: string): Promise<Credential> {
    return toCredential(await this.getRow(this.db, id));
  }

  async getSealed(
    id: string,
  ): Promise<{ credential: Credential; sealed: SealedSecret }> {
    const row = await this.getRow(this.db, id);
    return { credential: toCredential(row), sealed: sealedOf(row) };
  }

  async create(input: NewCredential): Promise<Credential> {
    await this.db.transaction(async tx => {
      await this.assertNameFree(tx, input.scope, input.owner, input.name);
      const timestamp = now();
      await this.uniquely(input.scope, input.name, () =>
        tx(TABLE).insert({
          id: input.id,
          name: input.name,
          kind: input.kind,
          scope: input.scope,
          owner: input.owner,
          name_owner: nameOwnerOf(input.scope, input.owner),
          username: input.username,
          key_type: input.keyType,
          fingerprint: input.fingerprint,
          public_key: input.publicKey,
          description: input.description,
          allowed_destinations: JSON.stringify(input.allowedDestinations),
          ...sealedColumns(input.sealed),
          last_used_at: null,
          created_at: timestamp,
          updated_at: timestamp,
        }),
      );
    });
    return this.get(input.id);
  }

  async update(id: string, changes: CredentialChanges): Promise<Credential> {
    await this.db.transaction(async tx => {
      const current = await this.getRow(tx, id);
      if (changes.name !== undefined && changes.name !== current.name) {
        await this.assertNameFree(
          tx,
          current.scope,
          current.owner,
          changes.name,
          id,
        );
      }
      const { secret } = changes;
      await this.uniquely(current.scope, changes.name ?? current.name, () =>
        tx(TABLE)
          .where({ id })
          .update({
            name: changes.name ?? current.name,
            username: changes.username ?? current.username,
            description: changes.description ?? current.description,
            allowed_destinations:
              changes.allowedDestinations === undefined
                ? current.allowed_destinations
                : JSON.stringify(changes.allowedDestinations),
            ...(secret
              ? {
                  key_type: secret.keyType,
                  fingerprint: secret.fingerprint,
                  public_key: secret.publicKey,
                  ...sealedColumns(secret.sealed),
                }
              : {}),
            updated_at: now(),
          }),
      );
    });
    return this.get(id);
  }

  async delete(id: string): Promise<Credential> {
    const credential = await this.get(id);
    const count = await this.db(TABLE).where({ id }).delete();
    if (!count) {
      throw new NotFoundError(`No credential with id '${id}'`);
    }
    return credential;
  }

  async markUsed(id: string): Promise<void> {
    await this.db(TABLE).where({ id }).update({ last_used_at: now() });
  }

  async count(): Promise<number> {
    const [{ count }] = await this.db(TABLE).count({ count: '*' });
    return Number(count);
  }

  async listSealedWithOtherKeys(options: {
    keyId: string;
    afterId?: string;
    limit: number;
  }): Promise<Array<{ id: string; name: string; keyId: string }>> {
    const query = this.db<RawDbCredentialRow>(TABLE)
      .whereNot({ key_id: options.keyId })
      .select('id', 'name', 'key_id')
      .orderBy('id')
      .limit(options.limit);
    if (options.afterId) query.andWhere('id', '>', options.afterId);
    const rows = await query;
    return rows.map(r => ({ id: r.id, name: r.name, keyId: r.key_id }));
  }

  async reseal(
    id: string,
    keyId: string,
    reseal: (sealed: SealedSecret) => SealedSecret | Promise<SealedSecret>,
  ): Promise<ResealOutcome> {
    return this.db.transaction(async tx => {
      const row = await tx<RawDbCredentialRow>(TABLE).where({ id }).first();
      if (!row) return 'gone';
      if (row.key_id === keyId) return 'current';
      const sealed = await reseal(sealedOf(row));
      // Compare-and-swap: an update that replaced the secret since the read wins.
      const count = await tx(TABLE)
        .where({ id, key_id: row.key_id, iv: row.iv })
        .update(sealedColumns(sealed));
      return count ? 'resealed' : 'current';
    });
  }

  private async getRow(
    db: Knex | Knex.Transaction,
    id: string,
  ): Promise<RawDbCredentialRow> {
    const row = await db<RawDbCredentialRow>(TABLE).where({ id }).first();
    if (!row) {
      throw new NotFoundError(`No credential with id '${id}'`);
    }
    return row;
  }

  private async assertNameFree(
    tx: Knex.Transaction,
    scope: CredentialScope,
    owner: string,
    name: string,
    exceptId?: string,
  ) {
    const clash = await tx<RawDbCredentialRow>(TABLE)
      .where({ scope, name_owner: nameOwnerOf(scope, owner), name })
      .first();
    if (clash && clash.id !== exceptId) {
      throw new ConflictError(
        scope === 'shared'
          ? `name: a shared credential named '${name}' already exists (id ${clash.id})`
          : `name: you already have a personal credential named '${name}' (id ${clash.id})`,
      );
    }
  }

  /** The unique index backs the check above against a concurrent insert or rename. */
  private async uniquely<T>(
    scope: CredentialScope,
    name: string,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (/unique|duplicate/i.test(String((error as Error).message))) {
        throw new ConflictError(
          `name: a ${scope} credential named '${name}' was just created`,
        );
      }
      throw error;
    }
  }
}
