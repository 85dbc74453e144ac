import { AuditorService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotImplementedError,
} from '@backstage/errors';
import {
  AuthProviderFactory,
  AuthResolverContext,
  prepareBackstageIdentityResponse,
} from '@backstage/plugin-auth-node';
import {
  LocalUser,
  ownershipRefs,
  userEntityRef,
} from '@opssight/plugin-access-common';
import {
  AccessSessionsService,
  SESSION_COOKIE,
  sessionIdOf,
} from '@opssight/plugin-access-node';
import { readJsonBody, tooManyAttempts } from '@opssight/plugin-http-node';
import { CookieOptions, Request, Response } from 'express';
import { z } from 'zod';
import { SESSION_CLAIM } from './claims';

/** The provider's id: its routes are /api/auth/opssight/{refresh,logout}. */
export const PROVIDER_ID = 'opssight';

/** What the sign-in page learns about the session besides the Backstage identity. */
export type LocalSessionInfo = {
  /** Until the password is changed, the session can do nothing else. */
  mustChangePassword: boolean;
  /** When the session ends unless used again. */
  expiresAt: string;
};

const signInSchema = z.object({
  username: z.string().min(1, 'is required').max(256),
  password: z.string().min(1, 'is required').max(1024),
});

/**
 * Sign-in, refresh and sign-out are fetches from the app (Backstage's own
 * auth connectors send the same header), never a form or a link another site
 * could post or load with the user's cookie: the header cannot be sent
 * cross-origin without a CORS preflight the backend refuses.
 */
function requireXhr(req: Request) {
  if (req.header('x-requested-with') !== 'XMLHttpRequest') {
    throw new AuthenticationError(
      "Sign-in requests must carry 'X-Requested-With: XMLHttpRequest'",
    );
  }
}

/**
 * Local accounts as a Backstage auth provider.
 *
 * - `POST /refresh` with `{username, password}` checks the password (throttled
 *   per account and client address), starts a session in an HttpOnly cookie
 *   and returns a Backstage identity.
 * - `GET /refresh` turns a live session cookie into a fresh identity.
 * - `POST /logout` ends the session for good.
 *
 * Each token names its session (claim `opssight_sid`, the session's handle),
 * so the root session guard can refuse requests of ended sessions and, while
 * the password must be changed, everything but the change. Such a token owns
 * nothing but the user itself: no role group.
 */
export function createLocalSignInProviderFactory(options: {
  /** Local sign-in sessions (access-node's root service). */
  sessions: AccessSessionsService;
  auditor: AuditorService;
  /** Secure cookies: true when the backend is served over https. */
  secureCookies: boolean;
}): AuthProviderFactory {
  const { auditor, sessions } = options;
  return ({ resolverContext }) => {
    const cookieOptions: CookieOptions = {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      path: '/api',
    };

    async function respond(
      res: Response,
      user: LocalUser,
      session: { handle: string; expiresAt: string },
      context: AuthResolverContext,
    ) {
      const ent = user.mustChangePassword
        ? [userEntityRef(user)]
        : ownershipRefs(user);
      const result = await context.issueToken({
        claims: {
          sub: userEntityRef(user),
          ent,
          [SESSION_CLAIM]: session.handle,
        },
      });
      const providerInfo: LocalSessionInfo = {
        mustChangePassword: user.mustChangePassword,
        expiresAt: session.expiresAt,
      };
      res.json({
        profile: {
          displayName: user.displayName,
          ...(user.email ? { email: user.email } : {}),
        },
        providerInfo,
        backstageIdentity: prepareBackstageIdentityResponse(result),
      });
    }

    async function signIn(req: Request, res: Response) {
      const parsed = signInSchema.safeParse(
        await readJsonBody(req, res, { limitKb: 16 }),
      );
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(
          `${issue.path.join('.') || 'body'}: ${issue.message}`,
        );
      }
      const { username, password } = parsed.data;
      const event = await auditor.createEvent({
        eventId: 'sign-in',
        severityLevel: 'medium',
        request: req,
        // A password typed into the username field must not end up in the trail.
        meta: {
          provider: PROVIDER_ID,
          username: await sessions.auditableUsername(username),
        },
      });
      const check = await sessions.signIn({
        username,
        password,
        clientAddress: req.ip,
      });
      if (!check.ok) {
        let error: Error;
        if (check.error === 'throttled') {
          error = tooManyAttempts(
            res,
            check.retryAfterSeconds,
            `Too many failed sign-ins; try again in ${check.retryAfterSeconds} seconds`,
          );
        } else {
          // Unknown user, wrong password or disabled account: the same answer,
          // so it never confirms a password. The trail keeps the reason.
          error = new AuthenticationError('Invalid username or password');
        }
        await event.fail({ error, meta: { reason: check.error } });
        throw error;
      }
      const { user, session } = check.ok;
      res.cookie(SESSION_COOKIE, session.sessionId, cookieOptions);
      await event.success({
        meta: {
          target: userEntityRef(user),
          mustChangePassword: user.mustChangePassword,
        },
      });
      await respond(res, user, session, resolverContext);
    }

    async function resume(req: Request, res: Response) {
      const sessionId = sessionIdOf(req);
      // Not a use of the session: the app refreshes its token on its own.
      const session = sessionId
        ? await sessions.findSession(sessionId, { touch: false })
        : undefined;
      if (!session) {
        if (sessionId) {
          res.clearCookie(SESSION_COOKIE, cookieOptions);
        }
        throw new AuthenticationError(
          sessionId ? 'Your session has ended; sign in again' : 'Not signed in',
        );
      }
      await respond(res, session.user, session, resolverContext);
    }

    return {
      async start() {
        throw new NotImplementedError(
          `Sign in with POST /api/auth/${PROVIDER_ID}/refresh`,
        );
      },
      async frameHandler() {
        throw new NotImplementedError(
          `Sign in with POST /api/auth/${PROVIDER_ID}/refresh`,
        );
      },
      async refresh(req, res) {
        requireXhr(req);
        if (req.method === 'POST') {
          await signIn(req, res);
        } else {
          await resume(req, res);
        }
      },
      async logout(req, res) {
        requireXhr(req);
        const sessionId = sessionIdOf(req);
        res.clearCookie(SESSION_COOKIE, cookieOptions);
        if (!sessionId) {
          res.status(200).end();
          return;
        }
        const session = await sessions.findSession(sessionId, {
          touch: false,
        });
        const event = await auditor.createEvent({
          eventId: 'sign-out',
          severityLevel: 'low',
          request: req,
          meta: {
            provider: PROVIDER_ID,
            ...(session ? { target: userEntityRef(session.user) } : {}),
          },
        });
        await sessions.endSession(sessionId);
        await event.success();
        res.status(200).end();
      },
    };
  };
}
