import {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  LocalUser,
  Role,
  roleGroupRef,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
} from '@opssight/plugin-access-common';
import {
  SessionEndReason,
  SessionsEndedEvent,
} from '@opssight/plugin-access-node';
import { createHash, randomBytes } from 'node:crypto';
import {
  AccessStore,
  NewLocalUser,
  usernameTakenError,
} from '../database/AccessStore';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  ScryptParams,
  verifyPasswordHash,
} from '../passwords/passwordHash';
import { passwordPolicyProblems } from '../passwords/passwordPolicy';
import {
  DEFAULT_THROTTLE_SETTINGS,
  failureKeys,
  SignInThrottle,
  ThrottleSettings,
} from './SignInThrottle';

/**
 * The outcome of checking a password. Never says whether the username exists.
 * `disabled` (the right password of a disabled account) is for the audit
 * trail only: callers answer it exactly like `invalid`.
 */
export type PasswordCheckResult =
  | { ok: LocalUser; error?: undefined }
  | { ok?: undefined; error: 'invalid' | 'disabled' }
  | { ok?: undefined; error: 'throttled'; retryAfterSeconds: number };

export type SessionSettings = {
  idleTimeoutMinutes: number;
  maxLifetimeHours: number;
};

/** A live session and its account. */
export type ValidSession = {
  user: LocalUser;
  /** The session's handle ({@link sessionHandle}). */
  handle: string;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends unless used again: the idle timeout or the absolute lifetime, whichever is first. */
  expiresAt: string;
};

export type NewUser = {
  username: string;
  displayName?: string;
  email?: string | null;
  role: Role;
  /** The initial password; the user must change it at first sign-in. */
  password: string;
};

export type UserProfile = {
  displayName: string;
  email?: string | null;
  role: Role;
};

/** The first account of a fresh install; its password must be changed at first sign-in. */
export const INITIAL_ADMIN = { username: 'admin', password: 'admin' } as const;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const SESSION_HANDLE = /^[0-9a-f]{64}$/;

/** `user:default/<username>`: the catalog User entity of a local account. */
export function userEntityRef(user: Pick<LocalUser, 'username'>): string {
  return stringifyEntityRef({
    kind: 'User',
    namespace: 'default',
    name: user.username,
  });
}

/** The user and their role group: what a sign-in puts in the Backstage token. */
export function ownershipRefs(user: Pick<LocalUser, 'username' | 'role'>) {
  return [userEntityRef(user), roleGroupRef(user.role)];
}

export function readSessionSettings(
  config: RootConfigService,
): SessionSettings {
  const sessions = config.getOptionalConfig('opssight.sessions');
  const positive = (key: string, fallback: number) => {
    const value = sessions?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `opssight.sessions.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  return {
    idleTimeoutMinutes: positive('idleTimeoutMinutes', 30),
    maxLifetimeHours: positive('maxLifetimeHours', 12),
  };
}

/**
 * A session's public handle: the SHA-256 of its id, which is also the key the
 * store keeps. It identifies the session without being able to resume it, so it
 * may travel in a Backstage token while the id itself stays in the HttpOnly cookie.
 */
export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/**
 * Local accounts: password checks with throttling, password changes under the
 * policy, sessions, and the admin operations that end sessions when they must.
 * The one implementation behind the access routes and, later, the sign-in
 * provider. Nothing here returns or logs a password or a hash.
 */
export class AccessService {
  static async create(options: {
    database: DatabaseService;
    config: RootConfigService;
    logger: LoggerService;
    /** For a second user of the same database (the sign-in module): the access plugin migrates it. */
    skipMigrations?: boolean;
    /** The clock, for tests. */
    now?: () => Date;
    scrypt?: ScryptParams;
    throttle?: Partial<ThrottleSettings>;
    /** Told after sessions end (see the access-node sessions service). */
    onSessionsEnded?: (event: SessionsEndedEvent) => void;
  }): Promise<AccessService> {
    const service = new AccessService({
      store: await DatabaseAccessStore.create({
        database: options.database,
        skipMigrations: options.skipMigrations,
      }),
      sessions: readSessionSettings(options.config),
      logger: options.logger,
      now: options.now,
      scrypt: options.scrypt,
      throttle: options.throttle,
      onSessionsEnded: options.onSessionsEnded,
    });
    // Ready before the first unknown username, which must not take longer than a known one.
    await service.getDummyHash();
    return service;
  }

  private readonly store: AccessStore;
  private readonly sessions: SessionSettings;
  private readonly logger: LoggerService;
  private readonly now: () => Date;
  private readonly scrypt: ScryptParams;
  private readonly throttle: SignInThrottle;
  private dummyHash?: Promise<string>;
  private readonly onSessionsEnded: (event: SessionsEndedEvent) => void;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: {
    store: AccessStore;
    sessions: SessionSettings;
    logger: LoggerService;
    now?: () => Date;
    scrypt?: ScryptParams;
    throttle?: Partial<ThrottleSettings>;
    onSessionsEnded?: (event: SessionsEndedEvent) => void;
    /** The throttle's waits, for tests. */
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.onSessionsEnded = options.onSessionsEnded ?? (() => {});
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.store = options.store;
    this.sessions = options.sessions;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT_PARAMS;
    this.throttle = new SignInThrottle(
      this.store,
      { ...DEFAULT_THROTTLE_SETTINGS, ...options.throttle },
      this.now,
    );
  }

  /**
   * Creates admin/admin (role admin, must change password) on the first start
   * of an empty install; never again, even after that account is deleted.
   */
  async ensureInitialAdmin(): Promise<LocalUser | undefined> {
    const user = await this.store.createInitialUser(
      {
        username: INITIAL_ADMIN.username,
        displayName: 'Administrator',
        email: null,
        role: 'admin',
        passwordHash: await hashPassword(INITIAL_ADMIN.password, this.scrypt),
        mustChangePassword: true,
      },
      this.now(),
    );
    if (user) {
      this.logger.warn(
        `Created the initial account '${user.username}' with the documented default password; it must be changed at first sign-in`,
      );
    }
    return user;
  }

  // --- passwords -----------------------------------------------------------

  /**
   * Checks a sign-in. Failures count against the account and the client
   * address; unknown usernames cost the same time and give the same answer.
   * Success resets the account's failures and records the sign-in.
   */
  async verifyPassword(request: {
    username: string;
    password: string;
    clientAddress?: string | null;
  }): Promise<PasswordCheckResult> {
    const result = await this.checkPassword(request);
    if (result.ok) {
      return {
        ok: await this.store.recordSignIn(result.ok.username, this.now()),
      };
    }
    return result;
  }

  /**
   * The signed-in user's own change: checks the current password (throttled
   * like a sign-in), applies the policy to the new one, clears
   * mustChangePassword and ends every other session of the user.
   */
  async changePassword(request: {
    username: string;
    currentPassword: string;
    newPassword: string;
    clientAddress?: string | null;
    /** The session the change is made from, which stays signed in. */
    currentSessionId?: string;
    /** The same by its handle (from the request's token), when the cookie did not come along. */
    currentSessionHandle?: string;
  }): Promise<PasswordCheckResult> {
    const check = await this.checkPassword({
      username: request.username,
      password: request.currentPassword,
      clientAddress: request.clientAddress,
    });
    if (!check.ok) {
      return check;
    }
    const user = check.ok;
    await this.assertPasswordAllowed(
      'newPassword',
      request.newPassword,
      user.username,
    );
    const updated = await this.store.setPassword(
      user.username,
      {
        passwordHash: await hashPassword(request.newPassword, this.scrypt),
        mustChangePassword: false,
      },
      this.now(),
    );
    await this.revokeAllSessionsFor(user, {
      exceptSessionHandle: request.currentSessionId
        ? sessionHandle(request.currentSessionId)
        : request.currentSessionHandle,
      reason: 'password-changed',
    });
    return { ok: updated };
  }

  /** An admin sets a new password: the user must change it, and is signed out everywhere. */
  async resetPassword(username: string, password: string): Promise<LocalUser> {
    const user = await this.getUser(username);
    await this.assertPasswordAllowed('password', password, user.username);
    const updated = await this.store.setPassword(
      user.username,
      {
        passwordHash: await hashPassword(password, this.scrypt),
        mustChangePassword: true,
      },
      this.now(),
    );
    await this.revokeAllSessionsFor(user, { reason: 'password-reset' });
    return updated;
  }

  // --- accounts --------------------------------------------------------------

  async listUsers(): Promise<LocalUser[]> {
    return this.store.listUsers();
  }

  async getUser(username: string): Promise<LocalUser> {
    const user = await this.store.findUser(username.toLowerCase());
    if (!user) {
      throw new NotFoundError(`No user named '${username}'`);
    }
    return user;
  }

  /**
   * A typed username as the audit trail may keep it: the account's name when
   * there is such an account, else `unknown:` and a short hash, since people
   * type their password into the username field.
   */
  async auditableUsername(typed: string): Promise<string> {
    const username = String(typed ?? '')
      .trim()
      .toLowerCase();
    if (
      username.length <= USERNAME_MAX_LENGTH &&
      USERNAME_PATTERN.test(username) &&
      (await this.store.findUser(username))
    ) {
      return username;
    }
    return `unknown:${createHash('sha256')
      .update(username)
      .digest('hex')
      .slice(0, 8)}`;
  }

  /** The local account behind `user:default/<username>`, if there is one. */
  async findUserByEntityRef(ref: string): Promise<LocalUser | undefined> {
    let parsed;
    try {
      parsed = parseEntityRef(ref);
    } catch {
      return undefined;
    }
    if (
      parsed.kind.toLowerCase() !== 'user' ||
      parsed.namespace.toLowerCase() !== 'default'
    ) {
      return undefined;
    }
    return this.store.findUser(parsed.name.toLowerCase());
  }

  /** A new account with an initial password that passes the policy; it must be changed at first sign-in. */
  async createUser(input: NewUser): Promise<LocalUser> {
    const username = input.username.trim().toLowerCase();
    if (
      username.length > USERNAME_MAX_LENGTH ||
      !USERNAME_PATTERN.test(username)
    ) {
      throw new InputError(`username: '${input.username}' is not allowed`);
    }
    if (await this.store.findUser(username)) {
      throw usernameTakenError(username);
    }
    await this.assertPasswordAllowed('password', input.password, username, {
      newAccount: true,
    });
    const user: NewLocalUser = {
      username,
      displayName: input.displayName || username,
      email: input.email ?? null,
      role: input.role,
      passwordHash: await hashPassword(input.password, this.scrypt),
      mustChangePassword: true,
    };
    return this.store.createUser(user, this.now());
  }

  /** Display name, email and role. A new role ends the user's sessions, so it applies at once. */
  async updateUser(username: string, profile: UserProfile): Promise<LocalUser> {
    const { before, after } = await this.store.updateUser(
      username.toLowerCase(),
      {
        displayName: profile.displayName,
        email: profile.email ?? null,
        role: profile.role,
      },
      this.now(),
    );
    if (before.role !== after.role) {
      await this.revokeAllSessionsFor(after, { reason: 'role-changed' });
    }
    return after;
  }

  /** Disabling ends every session of the user; a disabled user cannot sign in. */
  async setDisabled(username: string, disabled: boolean): Promise<LocalUser> {
    const { after } = await this.store.updateUser(
      username.toLowerCase(),
      { disabled },
      this.now(),
    );
    if (disabled) {
      await this.revokeAllSessionsFor(after, { reason: 'disabled' });
    }
    return after;
  }

  /** Deletes the account and its sessions; returns it as it was. */
  async deleteUser(username: string): Promise<LocalUser> {
    const deleted = await this.store.deleteUser(username.toLowerCase());
    this.sessionsEnded({
      userEntityRef: userEntityRef(deleted),
      reason: 'deleted',
    });
    return deleted;
  }

  // --- sessions --------------------------------------------------------------

  /**
   * Starts a session for a user who just signed in. The returned id is the
   * only copy of the secret (for an HttpOnly cookie); the store keeps its hash.
   */
  async createSession(request: {
    user: Pick<LocalUser, 'username'>;
    clientAddress?: string | null;
  }): Promise<{ sessionId: string; handle: string; expiresAt: string }> {
    const user = await this.getUser(request.user.username);
    if (user.disabled) {
      throw new NotAllowedError(`User '${user.username}' is disabled`);
    }
    const sessionId = randomBytes(32).toString('base64url');
    const handle = sessionHandle(sessionId);
    const now = this.now();
    await this.store.createSession({
      idHash: handle,
      username: user.username,
      clientAddress: request.clientAddress ?? null,
      now,
    });
    return {
      sessionId,
      handle,
      expiresAt: this.expiryOf(now, now).toISOString(),
    };
  }

  /**
   * The session's user if the session is live: not revoked, used within the
   * idle timeout, younger than the maximum lifetime, its user enabled. Counts
   * as use unless `touch` is false. Ended sessions are deleted.
   */
  async validateSession(
    sessionId: string,
    options: { touch?: boolean } = {},
  ): Promise<ValidSession | undefined> {
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
      return undefined;
    }
    return this.validateSessionHandle(sessionHandle(sessionId), options);
  }

  /**
   * Like {@link AccessService.validateSession}, by the session's handle (see
   * {@link sessionHandle}): what a Backstage token carries to tie each request
   * to its session.
   */
  async validateSessionHandle(
    handle: string,
    options: { touch?: boolean } = {},
  ): Promise<ValidSession | undefined> {
    if (typeof handle !== 'string' || !SESSION_HANDLE.test(handle)) {
      return undefined;
    }
    const stored = await this.store.findSession(handle);
    if (!stored) {
      return undefined;
    }
    const now = this.now();
    const createdAt = new Date(stored.createdAt);
    const lastSeenAt = new Date(stored.lastSeenAt);
    if (now >= this.expiryOf(createdAt, lastSeenAt) || stored.user.disabled) {
      await this.store.deleteSession(handle);
      this.sessionsEnded({
        userEntityRef: userEntityRef(stored.user),
        sessionHandle: handle,
        reason: stored.user.disabled ? 'disabled' : 'expired',
      });
      return undefined;
    }
    const idleMs = this.sessions.idleTimeoutMinutes * 60_000;
    // One write a minute at most, however often the session is used.
    let seen = lastSeenAt;
    if (
      options.touch !== false &&
      now.getTime() - lastSeenAt.getTime() >= Math.min(60_000, idleMs / 10)
    ) {
      await this.store.touchSession(handle, now);
      seen = now;
    }
    return {
      user: stored.user,
      handle,
      createdAt: stored.createdAt,
      lastSeenAt: seen.toISOString(),
      expiresAt: this.expiryOf(createdAt, seen).toISOString(),
    };
  }

  /** Sign-out: the session ends for good. False when there was no such session. */
  async revokeSession(sessionId: string): Promise<boolean> {
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
      return false;
    }
    const handle = sessionHandle(sessionId);
    const stored = await this.store.findSession(handle);
    const deleted = await this.store.deleteSession(handle);
    if (deleted && stored) {
      this.sessionsEnded({
        userEntityRef: userEntityRef(stored.user),
        sessionHandle: handle,
        reason: 'signed-out',
      });
    }
    return deleted;
  }

  /** Ends every session of the user, except the one given; returns how many ended. */
  async revokeAllSessionsFor(
    user: Pick<LocalUser, 'username'>,
    options: {
      exceptSessionId?: string;
      exceptSessionHandle?: string;
      reason?: SessionEndReason;
    } = {},
  ): Promise<number> {
    const count = await this.store.deleteSessionsOf(
      user.username,
      options.exceptSessionId
        ? sessionHandle(options.exceptSessionId)
        : options.exceptSessionHandle,
    );
    if (count) {
      this.logger.info(`Ended ${count} session(s) of '${user.username}'`);
      this.sessionsEnded({
        userEntityRef: userEntityRef(user),
        reason: options.reason ?? 'signed-out',
      });
    }
    return count;
  }

  /** Deletes ended sessions and failures nobody counts any more. */
  async purgeExpired(): Promise<void> {
    const now = this.now().getTime();
    await this.store.deleteExpiredSessions({
      lastSeenBefore: new Date(now - this.sessions.idleTimeoutMinutes * 60_000),
      createdBefore: new Date(now - this.sessions.maxLifetimeHours * 3_600_000),
    });
    await this.throttle.purge();
  }

  // --- internals ---------------------------------------------------------------

  private sessionsEnded(event: SessionsEndedEvent) {
    try {
      this.onSessionsEnded(event);
    } catch (error) {
      this.logger.warn(`A listener to ended sessions failed: ${error}`);
    }
  }

  private expiryOf(createdAt: Date, lastSeenAt: Date): Date {
    return new Date(
      Math.min(
        lastSeenAt.getTime() + this.sessions.idleTimeoutMinutes * 60_000,
        createdAt.getTime() + this.sessions.maxLifetimeHours * 3_600_000,
      ),
    );
  }

  /** 400 naming `field` when the password breaks the policy; an existing account's passwords cannot come back. */
  private async assertPasswordAllowed(
    field: string,
    password: string,
    username: string,
    options: { newAccount?: boolean } = {},
  ) {
    const hashes = options.newAccount
      ? undefined
      : await this.store.getPasswordHashes(username);
    const problems = await passwordPolicyProblems(password, {
      username,
      previousHashes: [
        hashes?.passwordHash ?? null,
        hashes?.previousPasswordHash ?? null,
      ],
    });
    if (problems.length) {
      throw new InputError(`${field}: ${problems.join('; ')}`);
    }
  }

  private async checkPassword(request: {
    username: string;
    password: string;
    clientAddress?: string | null;
  }): Promise<PasswordCheckResult> {
    const username = String(request.username ?? '')
      .trim()
      .toLowerCase();
    const password = String(request.password ?? '');
    const keys = failureKeys(username, request.clientAddress);
    const retryAfterSeconds = await this.throttle.retryAfterSeconds([
      keys.pair,
      keys.address,
    ]);
    if (retryAfterSeconds > 0) {
      return { error: 'throttled', retryAfterSeconds };
    }
    // Guessing from many addresses is slowed down, but the owner is never refused.
    const delayMs = await this.throttle.accountDelayMs(keys.account);
    if (delayMs > 0) {
      await this.sleep(delayMs);
    }

    const valid =
      username.length <= USERNAME_MAX_LENGTH && USERNAME_PATTERN.test(username);
    const [user, hashes] = valid
      ? await Promise.all([
          this.store.findUser(username),
          this.store.getPasswordHashes(username),
        ])
      : [undefined, undefined];
    // Unknown users cost a real scrypt too, so timing does not tell them apart.
    const matches = await verifyPasswordHash(
      password,
      hashes?.passwordHash ?? (await this.getDummyHash()),
    );
    if (!user || !hashes || !matches || user.disabled) {
      // A disabled account counts and answers like a wrong password, so the
      // answer does not tell that the password was right.
      await this.throttle.recordFailure([
        keys.pair,
        keys.address,
        keys.account,
      ]);
      return { error: user?.disabled && matches ? 'disabled' : 'invalid' };
    }
    await this.throttle.recordSuccess([keys.pair, keys.account]);
    return { ok: user };
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword(
      randomBytes(16).toString('hex'),
      this.scrypt,
    );
    return this.dummyHash;
  }
}
