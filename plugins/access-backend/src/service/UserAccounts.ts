import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  LocalUser,
  Role,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
  userEntityRef,
} from '@opssight/plugin-access-common';
import {
  AccessStore,
  NewLocalUser,
  usernameTakenError,
} from '../database/AccessStore';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  ScryptParams,
} from '../passwords/passwordHash';
import { passwordPolicyProblems } from '../passwords/passwordPolicy';
import {
  PasswordCheckResult,
  sessionHandle,
  SignInSessions,
} from './SignInSessions';

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

/**
 * Local accounts: who they are, their role, their password under the policy.
 * Every change that must end sessions (password change or reset, new role,
 * disabled, deleted) ends them through {@link SignInSessions}. Nothing here
 * returns or logs a password or a hash.
 */
export class UserAccounts {
  private readonly store: AccessStore;
  private readonly sessions: SignInSessions;
  private readonly logger: LoggerService;
  private readonly now: () => Date;
  private readonly scrypt: ScryptParams;

  constructor(options: {
    store: AccessStore;
    sessions: SignInSessions;
    logger: LoggerService;
    /** The clock, for tests. */
    now?: () => Date;
    scrypt?: ScryptParams;
  }) {
    this.store = options.store;
    this.sessions = options.sessions;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT_PARAMS;
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
    const check = await this.sessions.checkPassword({
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
    await this.sessions.endSessionsOf(user, {
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
    await this.sessions.endSessionsOf(user, { reason: 'password-reset' });
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
      await this.sessions.endSessionsOf(after, { reason: 'role-changed' });
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
      await this.sessions.endSessionsOf(after, { reason: 'disabled' });
    }
    return after;
  }

  /** Deletes the account and its sessions; returns it as it was. */
  async deleteUser(username: string): Promise<LocalUser> {
    const deleted = await this.store.deleteUser(username.toLowerCase());
    this.sessions.sessionsEnded({
      userEntityRef: userEntityRef(deleted),
      reason: 'deleted',
    });
    return deleted;
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
}
