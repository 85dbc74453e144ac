import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { LocalUser } from '@opssight/plugin-access-common';

/** The token claim naming the local session a Backstage token was issued for. */
export const SESSION_CLAIM = 'opssight_sid';

/** Why local sessions ended. */
export type SessionEndReason =
  | 'signed-out'
  | 'password-changed'
  | 'password-reset'
  | 'role-changed'
  | 'disabled'
  | 'deleted'
  | 'expired';

/**
 * Sessions of a local account that just ended: the one named by
 * `sessionHandle`, or, without it, every session of the user (but perhaps one:
 * the listeners re-check each session they watch).
 */
export type SessionsEndedEvent = {
  /** `user:default/<username>`. */
  userEntityRef: string;
  sessionHandle?: string;
  reason: SessionEndReason;
};

/** A session that has just started. */
export type NewLocalSession = {
  /** The session's secret, for the HttpOnly cookie only; never stored, never logged. */
  sessionId: string;
  /** The session's public name, for tokens (see {@link sessionHandleOfToken}). */
  handle: string;
  /** When it ends unless used again. */
  expiresAt: string;
};

/** A live session and its account. */
export type LocalSession = {
  user: LocalUser;
  handle: string;
  createdAt: string;
  lastSeenAt: string;
  /** When it ends unless used again: the idle timeout or the absolute lifetime, whichever is first. */
  expiresAt: string;
};

/**
 * The outcome of a sign-in. Never says whether the username exists.
 * `disabled` (the right password of a disabled account) is for the audit
 * trail only: answer it exactly like `invalid`.
 */
export type SignInResult =
  | { ok: { user: LocalUser; session: NewLocalSession }; error?: undefined }
  | { ok?: undefined; error: 'invalid' | 'disabled' }
  | { ok?: undefined; error: 'throttled'; retryAfterSeconds: number };

/** Options of a session lookup. */
export type FindSessionOptions = {
  /** Counts as use of the session (keeps it from idling out). Default true. */
  touch?: boolean;
};

/**
 * Local sign-in sessions, one service for the whole backend process: the
 * sign-in provider starts and ends them, the root session guard and the
 * terminal check them, everyone may hear when one ends.
 *
 * A session has two names: its id, a secret that lives only in the browser's
 * HttpOnly cookie, and its handle, the `opssight_sid` claim of every token
 * issued for it (read it with {@link sessionHandleOfToken} from a token the
 * caller has verified). A session is live until it is ended (sign-out,
 * password change or reset, role change, account disabled or deleted), idles
 * out, or reaches its maximum lifetime.
 *
 * The access database is the truth, shared by every replica. On the replica
 * where a session ends, {@link AccessSessionsService.onSessionEnded} listeners
 * hear of it at once; something held open on another replica (a terminal)
 * learns it by calling `isSessionLive` now and then.
 */
export interface AccessSessionsService {
  /**
   * Checks a username and password and starts a session. Failures count
   * against the account and the client address (throttling); unknown
   * usernames cost the same time and get the same answer.
   */
  signIn(request: {
    username: string;
    password: string;
    clientAddress?: string | null;
  }): Promise<SignInResult>;
  /**
   * A typed username as an audit trail may keep it: the account's name when
   * there is such an account, else `unknown:` and a short hash, since people
   * type their password into the username field.
   */
  auditableUsername(typed: string): Promise<string>;
  /** The live session with this id (from the cookie), and its user. */
  findSession(
    sessionId: string,
    options?: FindSessionOptions,
  ): Promise<LocalSession | undefined>;
  /** The live session with this handle (from a verified token), and its user. */
  findSessionByHandle(
    sessionHandle: string,
    options?: FindSessionOptions,
  ): Promise<LocalSession | undefined>;
  /** False once the session has ended for any reason, on any replica. Not a use of it. */
  isSessionLive(sessionHandle: string): Promise<boolean>;
  /** Sign-out: the session ends for good. False when there was no such session. */
  endSession(sessionId: string): Promise<boolean>;
  /**
   * Calls `listener` (at most once) when this replica ends the session.
   * Returns the unsubscribe function; call it when you no longer care.
   */
  onSessionEnded(
    sessionHandle: string,
    listener: (reason: SessionEndReason) => void,
  ): () => void;
}

const refuse = (): Promise<never> =>
  Promise.reject(
    new Error(
      'Local sessions cannot be checked: the access plugin is not installed (add accessSessionsServiceFactory from @opssight/plugin-access-backend to the backend)',
    ),
  );

/** What a backend without the access plugin's sessions answers: nothing is guessed. */
const missingAccessSessions: AccessSessionsService = {
  signIn: refuse,
  auditableUsername: refuse,
  findSession: refuse,
  findSessionByHandle: refuse,
  isSessionLive: refuse,
  endSession: refuse,
  // Nothing ever ends here; nothing to unsubscribe.
  onSessionEnded: () => () => {},
};

/**
 * Local sign-in sessions, shared by every plugin of the backend process (see
 * {@link AccessSessionsService}). The access backend provides it
 * (`accessSessionsServiceFactory`); without it, every check refuses.
 */
export const accessSessionsServiceRef = createServiceRef<AccessSessionsService>(
  {
    id: 'opssight.access.sessions',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => missingAccessSessions,
      }),
  },
);

/**
 * The session handle a local sign-in's token carries, read without verifying
 * the token: call it only with a token the caller has already verified.
 * Undefined for tokens of other sign-ins and for anything that is not a JWT.
 */
export function sessionHandleOfToken(
  token: string | undefined,
): string | undefined {
  const claims = unverifiedTokenClaims(token);
  const handle = claims?.[SESSION_CLAIM];
  return typeof handle === 'string' ? handle : undefined;
}

/** The claims of a JWT, not verified. */
export function unverifiedTokenClaims(
  token: string | undefined,
): Record<string, unknown> | undefined {
  const match = /^([^.\s]+)\.([^.\s]+)\.[^.\s]*$/.exec(token ?? '');
  if (!match) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(match[2], 'base64url').toString());
    return claims && typeof claims === 'object' ? claims : undefined;
  } catch {
    return undefined;
  }
}
