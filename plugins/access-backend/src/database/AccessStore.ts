import { ConflictError } from '@backstage/errors';
import { LocalUser, Role } from '@opssight/plugin-access-common';

export function usernameTakenError(username: string): ConflictError {
  return new ConflictError(
    `username: a user named '${username}' already exists`,
  );
}

/** An account to store; the password already hashed. */
export type NewLocalUser = {
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
};

/** What an admin may change on an account besides its password. */
export type LocalUserPatch = Partial<{
  displayName: string;
  email: string | null;
  role: Role;
  disabled: boolean;
}>;

export type StoredPasswordHashes = {
  passwordHash: string;
  previousPasswordHash: string | null;
};

export type StoredSession = {
  user: LocalUser;
  clientAddress: string | null;
  createdAt: string;
  lastSeenAt: string;
};

/** Failed sign-ins are counted per account, per client address, and per both. */
export type FailureKey = {
  kind: 'account' | 'address' | 'pair';
  subject: string;
};

export type FailureState = {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
};

/**
 * Persistence for local accounts, their sessions and failed sign-ins. Accounts
 * are addressed by username; hashes leave the store only through
 * getPasswordHashes. Not-found is NotFoundError, conflicts ConflictError.
 */
export interface AccessStore {
  listUsers(): Promise<LocalUser[]>;
  findUser(username: string): Promise<LocalUser | undefined>;
  getPasswordHashes(
    username: string,
  ): Promise<StoredPasswordHashes | undefined>;
  createUser(user: NewLocalUser, now: Date): Promise<LocalUser>;
  /**
   * Creates `user` if no initial account was ever created and there are no
   * accounts; remembers that it ran either way. Undefined when it did nothing.
   */
  createInitialUser(
    user: NewLocalUser,
    now: Date,
  ): Promise<LocalUser | undefined>;
  /** ConflictError when the change would leave no enabled admin. */
  updateUser(
    username: string,
    patch: LocalUserPatch,
    now: Date,
  ): Promise<{ before: LocalUser; after: LocalUser }>;
  /** Deletes the account and its sessions; ConflictError for the last enabled admin. */
  deleteUser(username: string): Promise<LocalUser>;
  /** Sets a new hash, keeping the one it replaces as the previous hash. */
  setPassword(
    username: string,
    change: { passwordHash: string; mustChangePassword: boolean },
    now: Date,
  ): Promise<LocalUser>;
  recordSignIn(username: string, now: Date): Promise<LocalUser>;

  createSession(session: {
    idHash: string;
    username: string;
    clientAddress: string | null;
    now: Date;
  }): Promise<void>;
  findSession(idHash: string): Promise<StoredSession | undefined>;
  touchSession(idHash: string, now: Date): Promise<void>;
  deleteSession(idHash: string): Promise<boolean>;
  /** Deletes every session of the account except `exceptIdHash`; returns how many. */
  deleteSessionsOf(username: string, exceptIdHash?: string): Promise<number>;
  /** Deletes sessions idle since, or created before, the given times. */
  deleteExpiredSessions(limits: {
    lastSeenBefore: Date;
    createdBefore: Date;
  }): Promise<number>;

  getFailureStates(keys: FailureKey[]): Promise<FailureState[]>;
  /** Replaces the state of `key` with `next(current)`, atomically. */
  recordFailure(
    key: FailureKey,
    next: (current: FailureState | undefined) => FailureState,
  ): Promise<FailureState>;
  clearFailures(key: FailureKey): Promise<void>;
  /** Forgets failures last seen before `before` whose lock has ended. */
  deleteFailuresBefore(before: Date): Promise<number>;

  getMeta(key: string): Promise<string | undefined>;
}
