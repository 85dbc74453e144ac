import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  LocalUser,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
  userEntityRef,
} from '@opssight/plugin-access-common';
import {
  AccessSessionsService,
  FindSessionOptions,
  LocalSession,
  NewLocalSession,
  SessionEndReason,
  SessionsEndedEvent,
  SignInResult,
} from '@opssight/plugin-access-node';
import { createHash, randomBytes } from 'node:crypto';
import { AccessStore } from '../database/AccessStore';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  ScryptParams,
  verifyPasswordHash,
} from '../passwords/passwordHash';
import { SessionEndListeners } from './SessionEndListeners';
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

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const SESSION_HANDLE = /^[0-9a-f]{64}$/;

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

/** A password someone typed for a username, and where from (for throttling). */
export type PasswordAttempt = {
  username: string;
  password: string;
  clientAddress?: string | null;
};

/**
 * Local sign-in sessions (the one implementation of
 * {@link @opssight/plugin-access-node#AccessSessionsService}): password checks
 * with throttling, sessions with an idle timeout and a maximum lifetime, and
 * who hears when one ends. Accounts themselves are {@link UserAccounts}'.
 * Nothing here returns or logs a password, a hash or a session id.
 */
export class SignInSessions implements AccessSessionsService {
  static async create(options: {
    store: AccessStore;
    config: RootConfigService;
    logger: LoggerService;
    listeners?: SessionEndListeners;
  }): Promise<SignInSessions> {
    const sessions = new SignInSessions({
      store: options.store,
      sessions: readSessionSettings(options.config),
      logger: options.logger,
      listeners: options.listeners,
    });
    // Ready before the first unknown username, which must not take longer than a known one.
    await sessions.getDummyHash();
    return sessions;
  }

  private readonly store: AccessStore;
  private readonly settings: SessionSettings;
  private readonly logger: LoggerService;
  private readonly now: () => Date;
  private readonly scrypt: ScryptParams;
  private readonly throttle: SignInThrottle;
  private readonly listeners: SessionEndListeners;
  private readonly sleep: (ms: number) => Promise<void>;
  private dummyHash?: Promise<string>;

  constructor(options: {
    store: AccessStore;
    sessions: SessionSettings;
    logger: LoggerService;
    /** The clock, for tests. */
    now?: () => Date;
    scrypt?: ScryptParams;
    throttle?: Partial<ThrottleSettings>;
    /** The throttle's waits, for tests. */
    sleep?: (ms: number) => Promise<void>;
    /** Who hears of ended sessions (the root service's, when there is one). */
    listeners?: SessionEndListeners;
  }) {
    this.store = options.store;
    this.settings = options.sessions;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT_PARAMS;
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.throttle = new SignInThrottle(
      this.store,
      { ...DEFAULT_THROTTLE_SETTINGS, ...options.throttle },
      this.now,
    );
    this.listeners =
      options.listeners ??
      new SessionEndListeners(handle => this.isSessionLive(handle));
  }

  // --- the shared service ------------------------------------------------------

  async signIn(request: PasswordAttempt): Promise<SignInResult> {
    const check = await this.verifyPassword(request);
    if (!check.ok) {
      return check;
    }
    const session = await this.createSession({
      user: check.ok,
      clientAddress: request.clientAddress,
    });
    return { ok: { user: check.ok, session } };
  }

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

  /**
   * The session's user if the session is live: not revoked, used within the
   * idle timeout, younger than the maximum lifetime, its user enabled. Counts
   * as use unless `touch` is false. Ended sessions are deleted.
   */
  async findSession(
    sessionId: string,
    options: FindSessionOptions = {},
  ): Promise<LocalSession | undefined> {
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
      return undefined;
    }
    return this.findSessionByHandle(sessionHandle(sessionId), options);
  }

  /**
   * Like {@link SignInSessions.findSession}, by the session's handle (see
   * {@link sessionHandle}): what a Backstage token carries to tie each request
   * to its session.
   */
  async findSessionByHandle(
    handle: string,
    options: FindSessionOptions = {},
  ): Promise<LocalSession | undefined> {
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
    const idleMs = this.settings.idleTimeoutMinutes * 60_000;
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

  async isSessionLive(handle: string): Promise<boolean> {
    return !!(await this.findSessionByHandle(handle, { touch: false }));
  }

  async endSession(sessionId: string): Promise<boolean> {
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

  onSessionEnded(
    handle: string,
    listener: (reason: SessionEndReason) => void,
  ): () => void {
    return this.listeners.listen(handle, listener);
  }

  // --- for the access plugin ---------------------------------------------------

  /**
   * Checks a sign-in. Failures count against the account and the client
   * address; unknown usernames cost the same time and give the same answer.
   * Success resets the account's failures and records the sign-in.
   */
  async verifyPassword(request: PasswordAttempt): Promise<PasswordCheckResult> {
    const result = await this.checkPassword(request);
    if (result.ok) {
      return {
        ok: await this.store.recordSignIn(result.ok.username, this.now()),
      };
    }
    return result;
  }

  /** Like {@link SignInSessions.verifyPassword}, without counting as a sign-in (a password change). */
  async checkPassword(request: PasswordAttempt): Promise<PasswordCheckResult> {
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

  /**
   * Starts a session for a user who just signed in. The returned id is the
   * only copy of the secret (for an HttpOnly cookie); the store keeps its hash.
   */
  async createSession(request: {
    user: Pick<LocalUser, 'username'>;
    clientAddress?: string | null;
  }): Promise<NewLocalSession> {
    const user = await this.store.findUser(request.user.username.toLowerCase());
    if (!user) {
      throw new NotFoundError(`No user named '${request.user.username}'`);
    }
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

  /** Ends every session of the user, except the one given; returns how many ended. */
  async endSessionsOf(
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

  /** Tells this replica's listeners that sessions ended (the store already forgot them). */
  sessionsEnded(event: SessionsEndedEvent) {
    try {
      this.listeners.announce(event);
    } catch (error) {
      this.logger.warn(`A listener to ended sessions failed: ${error}`);
    }
  }

  /** Deletes ended sessions and failures nobody counts any more. */
  async purgeExpired(): Promise<void> {
    const now = this.now().getTime();
    await this.store.deleteExpiredSessions({
      lastSeenBefore: new Date(now - this.settings.idleTimeoutMinutes * 60_000),
      createdBefore: new Date(now - this.settings.maxLifetimeHours * 3_600_000),
    });
    await this.throttle.purge();
  }

  private expiryOf(createdAt: Date, lastSeenAt: Date): Date {
    return new Date(
      Math.min(
        lastSeenAt.getTime() + this.settings.idleTimeoutMinutes * 60_000,
        createdAt.getTime() + this.settings.maxLifetimeHours * 3_600_000,
      ),
    );
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= hashPassword(
      randomBytes(16).toString('hex'),
      this.scrypt,
    );
    return this.dummyHash;
  }
}
