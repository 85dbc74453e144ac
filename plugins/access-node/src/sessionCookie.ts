import type { IncomingMessage } from 'node:http';

/**
 * The cookie that carries a local user's session id. The sign-in provider sets
 * it (HttpOnly, SameSite=Lax, Path=/api, Secure on https) so that
 * /api/access/me/password can keep the session a password change is made from.
 */
export const SESSION_COOKIE = 'opssight-session';

/** The session id from the sign-in cookie, if the request carries one. */
export function sessionIdOf(req: Pick<IncomingMessage, 'headers'>) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      return decodeURIComponent(value.join('='));
    }
  }
  return undefined;
}
