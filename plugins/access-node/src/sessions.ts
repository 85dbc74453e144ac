import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

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

/**
 * Local sign-in sessions as other plugins see them. A session is named by its
 * handle: the `opssight_sid` claim of every token issued for it (read it with
 * {@link sessionHandleOfToken} from a token the caller has verified).
 *
 * The access plugin's sessions table is the truth, shared by every replica:
 * {@link AccessSessionsService.isSessionLive} reads it. On the replica where a
 * session ends (sign-out, password change or reset, role change, account
 * disabled or deleted) {@link AccessSessionsService.onSessionEnded} listeners
 * hear of it at once; something held open on another replica (a terminal)
 * learns it by re-checking `isSessionLive` now and then.
 */
export interface AccessSessionsService {
  /** False once the session has ended for any reason, on any replica. */
  isSessionLive(sessionHandle: string): Promise<boolean>;
  /**
   * Calls `listener` (at most once) when this replica ends the session.
   * Returns the unsubscribe function; call it when you no longer care.
   */
  onSessionEnded(
    sessionHandle: string,
    listener: (reason: SessionEndReason) => void,
  ): () => void;
  /** For the access plugins: announce sessions they just ended. */
  announceSessionsEnded(event: SessionsEndedEvent): void;
  /** For the access plugin: the check behind `isSessionLive`. */
  setSessionSource(isLive: (sessionHandle: string) => Promise<boolean>): void;
}

/** The in-process side of {@link AccessSessionsService}; one per backend process. */
export class DefaultAccessSessionsService implements AccessSessionsService {
  private source?: (sessionHandle: string) => Promise<boolean>;
  private readonly listeners = new Map<
    string,
    Set<(reason: SessionEndReason) => void>
  >();

  async isSessionLive(sessionHandle: string): Promise<boolean> {
    if (!this.source) {
      throw new Error(
        'Local sessions cannot be checked: the access plugin is not installed',
      );
    }
    return this.source(sessionHandle);
  }

  onSessionEnded(
    sessionHandle: string,
    listener: (reason: SessionEndReason) => void,
  ): () => void {
    let set = this.listeners.get(sessionHandle);
    if (!set) {
      set = new Set();
      this.listeners.set(sessionHandle, set);
    }
    // A wrapper of its own: the same function subscribed twice is two subscriptions.
    const entry = set;
    const wrapped = (reason: SessionEndReason) => listener(reason);
    entry.add(wrapped);
    return () => {
      entry.delete(wrapped);
      if (entry.size === 0 && this.listeners.get(sessionHandle) === entry) {
        this.listeners.delete(sessionHandle);
      }
    };
  }

  announceSessionsEnded(event: SessionsEndedEvent): void {
    if (event.sessionHandle) {
      this.fire(event.sessionHandle, event.reason);
      return;
    }
    // Every session of a user, perhaps but one: ask the truth about each watched one.
    for (const handle of [...this.listeners.keys()]) {
      this.isSessionLive(handle).then(
        live => {
          if (!live) {
            this.fire(handle, event.reason);
          }
        },
        () => {},
      );
    }
  }

  setSessionSource(isLive: (sessionHandle: string) => Promise<boolean>): void {
    this.source = isLive;
  }

  private fire(sessionHandle: string, reason: SessionEndReason) {
    const listeners = this.listeners.get(sessionHandle);
    // A session ends once: its listeners are told once, then forgotten.
    this.listeners.delete(sessionHandle);
    for (const listener of listeners ?? []) {
      try {
        listener(reason);
      } catch {
        // One listener's failure must not keep the others from hearing it.
      }
    }
  }
}

/**
 * Local sign-in sessions, shared by every plugin of the backend process (see
 * {@link AccessSessionsService}).
 */
export const accessSessionsServiceRef = createServiceRef<AccessSessionsService>(
  {
    id: 'opssight.access.sessions',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new DefaultAccessSessionsService(),
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
