import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { AccessSessionsService } from '@opssight/plugin-access-node';
import { RequestHandler } from 'express';
import { SESSION_CLAIM, unverifiedBearerClaims } from './claims';

/**
 * What a session that must change its password may still do: read its own
 * account and change the password. Sign-in, token refresh and sign-out are
 * the auth plugin's and carry no bearer token.
 */
const ALLOWED_DURING_PASSWORD_CHANGE: ReadonlyArray<[string, RegExp]> = [
  ['GET', /^\/api\/access\/me\/?$/],
  ['POST', /^\/api\/access\/me\/password\/?$/],
];

/**
 * Ties every request made with a local sign-in's token to its session, for
 * every plugin (install it in front of the root router):
 * - the session has ended (signed out, idle or too old, ended by a password or
 *   role change, user disabled) → 401, whatever the token's own expiry;
 * - the password must be changed → 403 "password change required" for
 *   everything but the change itself.
 * Requests without such a token (service tokens, other sign-in providers,
 * anonymous) pass untouched.
 */
export function createSessionGuard(
  sessions: AccessSessionsService,
): RequestHandler {
  return (req, _res, next) => {
    const handle = unverifiedBearerClaims(req.headers.authorization)?.[
      SESSION_CLAIM
    ];
    if (handle === undefined || req.method === 'OPTIONS') {
      next();
      return;
    }
    (async () => {
      const session =
        typeof handle === 'string'
          ? await sessions.findSessionByHandle(handle)
          : undefined;
      if (!session) {
        throw new AuthenticationError('Your session has ended; sign in again');
      }
      if (
        session.user.mustChangePassword &&
        !ALLOWED_DURING_PASSWORD_CHANGE.some(
          ([method, path]) => req.method === method && path.test(req.path),
        )
      ) {
        throw new NotAllowedError('password change required');
      }
    })().then(() => next(), next);
  };
}
