import { migratedStore } from '@opssight/plugin-http-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { LocalUser, Role } from '@opssight/plugin-access-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  AccessStore,
  FailureKey,
  FailureState,
  LocalUserPatch,
  NewLocalUser,
  StoredPasswordHashes,
  StoredSession,
  usernameTakenError,
} from './AccessStore';

const INITIAL_USER_KEY = 'initial-user-created-at';

type RawDbUserRow = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: Role;
  disabled: boolean | number;
  must_change_password: boolean | number;
  password_hash: string;
  previous_password_hash: string | null;
  password_changed_at: string;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
};

type RawDbSessionRow = {
  id_hash: string;
  user_id: string;
  client_address: string | null;
  created_at: string;
  last_seen_at: string;
};

type RawDbFailureRow = {
  kind: string;
  subject: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
};

function toUser(row: RawDbUserRow): LocalUser {
  return {
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    disabled: Boolean(row.disabled),
    mustChangePassword: Boolean(row.must_change_password),
    passwordChangedAt: row.password_changed_at,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toFailureState(row: RawDbFailureRow): FailureState {
  return {
    failures: Number(row.failures),
    lastFailureAt: row.last_failure_at,
    lockedUntil: row.locked_until,
  };
}

const notFound = (username: string) =>
  new NotFoundError(`No user named '${username}'`);

export class DatabaseAccessStore implements AccessStore {
  static create = migratedStore(
    '@opssight/plugin-access-backend',
    db => new DatabaseAccessStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async listUsers(): Promise<LocalUser[]> {
    const rows = await this.db<RawDbUserRow>('local_users').orderBy('username');
    return rows.map(toUser);
  }

  async findUser(username: string): Promise<LocalUser | undefined> {
    const row = await this.db<RawDbUserRow>('local_users')
      .where({ username })
      .first();
    return row && toUser(row);
  }

  async getPasswordHashes(
    username: string,
  ): Promise<StoredPasswordHashes | undefined> {
    const row = await this.db<RawDbUserRow>('local_users')
      .where({ username })
      .first('password_hash', 'previous_password_hash');
    return (
      row && {
        passwordHash: row.password_hash,
        previousPasswordHash: row.previous_password_hash,
      }
    );
  }

  async createUser(user: NewLocalUser, now: Date): Promise<LocalUser> {
    await this.db.transaction(async tx => {
      const clash = await tx('local_users')
        .where({ username: user.username })
        .first('id');
      if (clash) {
        throw usernameTakenError(user.username);
      }
      await tx('local_users').insert(this.newRow(user, now));
    });
    return (await this.findUser(user.username))!;
  }

  async createInitialUser(
    user: NewLocalUser,
    now: Date,
  ): Promise<LocalUser | undefined> {
    try {
      const created = await this.db.transaction(async tx => {
        if (await tx('access_meta').where({ key: INITIAL_USER_KEY }).first()) {
          return false;
        }
        // Claimed first: a replica starting at the same time fails on the key.
        await tx('access_meta').insert({
          key: INITIAL_USER_KEY,
          value: now.toISOString(),
        });
        const [{ count }] = await tx('local_users').count({ count: '*' });
        if (Number(count) > 0) {
          return false;
        }
        await tx('local_users').insert(this.newRow(user, now));
        return true;
      });
      return created ? this.findUser(user.username) : undefined;
    } catch (error) {
      if (await this.getMeta(INITIAL_USER_KEY)) {
        return undefined;
      }
      throw error;
    }
  }

  async updateUser(
    username: string,
    patch: LocalUserPatch,
    now: Date,
  ): Promise<{ before: LocalUser; after: LocalUser }> {
    const before = await this.db.transaction(async tx => {
      const row = await tx<RawDbUserRow>('local_users')
        .where({ username })
        .first();
      if (!row) {
        throw notFound(username);
      }
      const stillAdmin =
        (patch.role ?? row.role) === 'admin' &&
        !(patch.disabled ?? Boolean(row.disabled));
      if (!stillAdmin) {
        await this.assertNotLastAdmin(
          tx,
          row,
          patch.disabled ? 'disabled' : 'role',
        );
      }
      await tx('local_users')
        .where({ id: row.id })
        .update({
          ...(patch.displayName !== undefined
            ? { display_name: patch.displayName }
            : {}),
          ...(patch.email !== undefined ? { email: patch.email } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          updated_at: now.toISOString(),
        });
      return toUser(row);
    });
    return { before, after: (await this.findUser(username))! };
  }

  async deleteUser(username: string): Promise<LocalUser> {
    return this.db.transaction(async tx => {
      const row = await tx<RawDbUserRow>('local_users')
        .where({ username })
        .first();
      if (!row) {
        throw notFound(username);
      }
      await this.assertNotLastAdmin(tx, row, 'username');
      // Explicit, so it does not depend on SQLite's foreign_keys pragma.
      await tx('sign_in_sessions').where({ user_id: row.id }).delete();
      await tx('local_users').where({ id: row.id }).delete();
      return toUser(row);
    });
  }

  async setPassword(
    username: string,
    change: { passwordHash: string; mustChangePassword: boolean },
    now: Date,
  ): Promise<LocalUser> {
    const count = await this.db('local_users')
      .where({ username })
      .update({
        previous_password_hash: this.db.ref('password_hash'),
        password_hash: change.passwordHash,
        must_change_password: change.mustChangePassword,
        password_changed_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    if (!count) {
      throw notFound(username);
    }
    return (await this.findUser(username))!;
  }

  async recordSignIn(username: string, now: Date): Promise<LocalUser> {
    const count = await this.db('local_users')
      .where({ username })
      .update({ last_sign_in_at: now.toISOString() });
    if (!count) {
      throw notFound(username);
    }
    return (await this.findUser(username))!;
  }

  async createSession(session: {
    idHash: string;
    username: string;
    clientAddress: string | null;
    now: Date;
  }): Promise<void> {
    const user = await this.db('local_users')
      .where({ username: session.username })
      .first('id');
    if (!user) {
      throw notFound(session.username);
    }
    await this.db('sign_in_sessions').insert({
      id_hash: session.idHash,
      user_id: user.id,
      client_address: session.clientAddress?.slice(0, 64) ?? null,
      created_at: session.now.toISOString(),
      last_seen_at: session.now.toISOString(),
    });
  }

  async findSession(idHash: string): Promise<StoredSession | undefined> {
    const session = await this.db<RawDbSessionRow>('sign_in_sessions')
      .where({ id_hash: idHash })
      .first();
    if (!session) {
      return undefined;
    }
    const user = await this.db<RawDbUserRow>('local_users')
      .where({ id: session.user_id })
      .first();
    if (!user) {
      return undefined;
    }
    return {
      user: toUser(user),
      clientAddress: session.client_address,
      createdAt: session.created_at,
      lastSeenAt: session.last_seen_at,
    };
  }

  async touchSession(idHash: string, now: Date): Promise<void> {
    await this.db('sign_in_sessions')
      .where({ id_hash: idHash })
      .update({ last_seen_at: now.toISOString() });
  }

  async deleteSession(idHash: string): Promise<boolean> {
    const count = await this.db('sign_in_sessions')
      .where({ id_hash: idHash })
      .delete();
    return count > 0;
  }

  async deleteSessionsOf(
    username: string,
    exceptIdHash?: string,
  ): Promise<number> {
    const query = this.db('sign_in_sessions').whereIn(
      'user_id',
      this.db('local_users').where({ username }).select('id'),
    );
    if (exceptIdHash) {
      query.whereNot('id_hash', exceptIdHash);
    }
    return query.delete();
  }

  async deleteExpiredSessions(limits: {
    lastSeenBefore: Date;
    createdBefore: Date;
  }): Promise<number> {
    return this.db('sign_in_sessions')
      .where('last_seen_at', '<', limits.lastSeenBefore.toISOString())
      .orWhere('created_at', '<', limits.createdBefore.toISOString())
      .delete();
  }

  async getFailureStates(keys: FailureKey[]): Promise<FailureState[]> {
    if (!keys.length) {
      return [];
    }
    const rows = await this.db<RawDbFailureRow>('sign_in_failures').where(
      inner => {
        for (const key of keys) {
          inner.orWhere({ kind: key.kind, subject: key.subject });
        }
      },
    );
    return rows.map(toFailureState);
  }

  async recordFailure(
    key: FailureKey,
    next: (current: FailureState | undefined) => FailureState,
  ): Promise<FailureState> {
    return this.db.transaction(async tx => {
      if (this.isPostgres()) {
        // The row must exist before it is locked: two first failures would otherwise
        // both see no row and the second insert would overwrite the first count.
        await tx('sign_in_failures')
          .insert({
            kind: key.kind,
            subject: key.subject,
            failures: 0,
            last_failure_at: new Date(0).toISOString(),
            locked_until: null,
          })
          .onConflict(['kind', 'subject'])
          .ignore();
      }
      const query = tx<RawDbFailureRow>('sign_in_failures')
        .where({ kind: key.kind, subject: key.subject })
        .first();
      // Concurrent failures on PostgreSQL queue up on the row instead of losing counts.
      const current = await (this.isPostgres() ? query.forUpdate() : query);
      const known =
        current && Number(current.failures) > 0 ? current : undefined;
      const state = next(known && toFailureState(known));
      const values = {
        failures: state.failures,
        last_failure_at: state.lastFailureAt,
        locked_until: state.lockedUntil,
      };
      if (current) {
        await tx('sign_in_failures')
          .where({ kind: key.kind, subject: key.subject })
          .update(values);
      } else {
        await tx('sign_in_failures')
          .insert({ kind: key.kind, subject: key.subject, ...values })
          .onConflict(['kind', 'subject'])
          .merge(values);
      }
      return state;
    });
  }

  async clearFailures(key: FailureKey): Promise<void> {
    await this.db('sign_in_failures')
      .where({ kind: key.kind, subject: key.subject })
      .delete();
  }

  async deleteFailuresBefore(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    return this.db('sign_in_failures')
      .where('last_failure_at', '<', cutoff)
      .andWhere(inner =>
        inner.whereNull('locked_until').orWhere('locked_until', '<', cutoff),
      )
      .delete();
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.db('access_meta').where({ key }).first();
    return row?.value;
  }

  private isPostgres(): boolean {
    return this.db.client.config.client === 'pg';
  }

  private newRow(user: NewLocalUser, now: Date): RawDbUserRow {
    const timestamp = now.toISOString();
    return {
      id: randomUUID(),
      username: user.username,
      display_name: user.displayName,
      email: user.email,
      role: user.role,
      disabled: false,
      must_change_password: user.mustChangePassword,
      password_hash: user.passwordHash,
      previous_password_hash: null,
      password_changed_at: timestamp,
      last_sign_in_at: null,
      created_at: timestamp,
      updated_at: timestamp,
    };
  }

  /** Refuses to take away the last enabled admin, which would lock everyone out of user management. */
  private async assertNotLastAdmin(
    tx: Knex.Transaction,
    row: RawDbUserRow,
    field: string,
  ) {
    if (row.role !== 'admin' || row.disabled) {
      return;
    }
    const query = tx('local_users')
      .where({ role: 'admin', disabled: false })
      .orderBy('id')
      .select('id');
    // Locks every enabled admin in one order, so two admins demoting each
    // other at once take turns and the second sees the first's change.
    const admins = await (this.isPostgres() ? query.forUpdate() : query);
    const others = admins.filter(a => a.id !== row.id);
    if (others.length === 0) {
      throw new ConflictError(
        `${field}: '${row.username}' is the last enabled admin; make another user admin first`,
      );
    }
  }
}
