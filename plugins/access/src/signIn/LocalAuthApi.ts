import type {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
} from '@backstage/core-plugin-api';
import { SessionState } from '@backstage/core-plugin-api';
import type { Observable } from '@backstage/types';
import { toResponseError } from '@opssight/plugin-api-react';

/** The provider's routes: /api/auth/opssight/{refresh,logout}. */
const PROVIDER = 'opssight';

/** Renew a token this long before it expires. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/**
 * Ask the backend whether the session still lives at least this often while
 * the app is used, so an ended session (idle, signed out elsewhere, password
 * changed) sends the user to the sign-in page rather than to failing requests.
 */
const RECHECK_MS = 60_000;

/** What the backend answers a sign-in or a refresh with. */
export type LocalSession = {
  profile: ProfileInfo;
  providerInfo: { mustChangePassword: boolean; expiresAt: string };
  backstageIdentity: BackstageIdentityResponse;
};

function tokenExpiry(token: string): number {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(window.atob(payload));
    if (typeof exp === 'number') {
      return exp * 1000;
    }
  } catch {
    // fall through: an opaque token is renewed like a short-lived one
  }
  return Date.now() + RECHECK_MS;
}

async function call(
  discoveryApi: DiscoveryApi,
  path: 'refresh' | 'logout',
  init: { method: 'GET' | 'POST'; body?: object },
): Promise<Response> {
  const baseUrl = await discoveryApi.getBaseUrl('auth');
  const response = await fetch(`${baseUrl}/${PROVIDER}/${path}`, {
    method: init.method,
    credentials: 'include',
    headers: {
      'X-Requested-With': 'XMLHttpRequest',
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) {
    throw await toResponseError(response);
  }
  return response;
}

/**
 * A local account's session in the browser: the session itself lives in an
 * HttpOnly cookie the script never sees; this keeps the Backstage token it
 * yields fresh, and signs out for real (the backend ends the session).
 */
export class LocalAuthApi
  implements ProfileInfoApi, BackstageIdentityApi, SessionApi
{
  /** Signs in with a password; the backend sets the session cookie. */
  static async signIn(
    discoveryApi: DiscoveryApi,
    credentials: { username: string; password: string },
  ): Promise<LocalAuthApi> {
    const response = await call(discoveryApi, 'refresh', {
      method: 'POST',
      body: credentials,
    });
    return new LocalAuthApi(discoveryApi, await response.json());
  }

  /** The session of an earlier sign-in, from its cookie; fails when there is none. */
  static async resume(discoveryApi: DiscoveryApi): Promise<LocalAuthApi> {
    const response = await call(discoveryApi, 'refresh', { method: 'GET' });
    return new LocalAuthApi(discoveryApi, await response.json());
  }

  private session: LocalSession;
  private checkedAt = Date.now();
  private refreshing?: Promise<LocalSession>;

  private constructor(
    private readonly discoveryApi: DiscoveryApi,
    session: LocalSession,
  ) {
    this.session = session;
  }

  get current(): LocalSession {
    return this.session;
  }

  /** A fresh token for the same session (after a password change, or when due). */
  async refresh(): Promise<LocalSession> {
    this.refreshing ??= call(this.discoveryApi, 'refresh', { method: 'GET' })
      .then(r => r.json() as Promise<LocalSession>)
      .then(session => {
        this.session = session;
        this.checkedAt = Date.now();
        return session;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  async getBackstageIdentity(): Promise<BackstageIdentityResponse> {
    const { token } = this.session.backstageIdentity;
    const due =
      Date.now() > tokenExpiry(token) - EXPIRY_MARGIN_MS ||
      Date.now() - this.checkedAt > RECHECK_MS;
    if (due) {
      try {
        await this.refresh();
      } catch (error) {
        // The session has ended: back to the sign-in page, which says why.
        window.location.reload();
        throw error;
      }
    }
    return this.session.backstageIdentity;
  }

  async getProfile(): Promise<ProfileInfo> {
    return this.session.profile;
  }

  async signIn(): Promise<void> {}

  async signOut(): Promise<void> {
    await call(this.discoveryApi, 'logout', { method: 'POST' });
  }

  sessionState$(): Observable<SessionState> {
    return {
      subscribe(observer: any) {
        const next = typeof observer === 'function' ? observer : observer?.next;
        next?.(SessionState.SignedIn);
        return { closed: true, unsubscribe() {} };
      },
      [Symbol.observable]() {
        return this;
      },
    } as Observable<SessionState>;
  }
}
