import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  ACCESS_EVENTS_TOPIC,
  accessUserCreatePermission,
  accessUserDeletePermission,
  accessUserReadPermission,
  accessUserUpdatePermission,
  LocalUser,
  LocalUserChangeEvent,
  userEntityRef,
} from '@opssight/plugin-access-common';
import {
  sessionHandleOfToken,
  sessionIdOf,
} from '@opssight/plugin-access-node';
import { createChangeAnnouncer } from '@opssight/plugin-catalog-provider-node';
import {
  createPluginRouter,
  RouteGuardOptions,
  tooManyAttempts,
} from '@opssight/plugin-http-node';
import express, { Request } from 'express';
import { spec } from '../schema/openapi.generated';
import { PasswordCheckResult } from './SignInSessions';
import { UserAccounts } from './UserAccounts';
import {
  changePasswordSchema,
  newUserSchema,
  parse,
  profileSchema,
  resetPasswordSchema,
  usernameSchema,
} from './validation';

export interface RouterOptions extends RouteGuardOptions {
  events: EventsService;
  logger: LoggerService;
  users: UserAccounts;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, users } = options;
  const { router, authorize, audited } = createPluginRouter(spec, {
    ...options,
    body: { limitKb: 64 },
  });
  const announce = createChangeAnnouncer<LocalUserChangeEvent>(
    options,
    ACCESS_EVENTS_TOPIC,
    'users',
  );

  const usernameParam = (value: string) =>
    parse(usernameSchema, value, 'username');

  router.get('/users', async (req, res) => {
    await authorize(req, accessUserReadPermission);
    res.json({ items: await users.listUsers() });
  });

  router.post('/users', async (req, res) => {
    await authorize(req, accessUserCreatePermission);
    const input = parse(newUserSchema, req.body, 'user');
    const user = await audited(
      req,
      'access-user-create',
      { target: userEntityRef(input), role: input.role },
      () => users.createUser(input),
    );
    await announce({ type: 'upserted', users: [user] });
    res.status(201).json(user);
  });

  router.get('/users/:username', async (req, res) => {
    await authorize(req, accessUserReadPermission);
    res.json(await users.getUser(usernameParam(req.params.username)));
  });

  router.put('/users/:username', async (req, res) => {
    await authorize(req, accessUserUpdatePermission);
    const username = usernameParam(req.params.username);
    const profile = parse(profileSchema, req.body, 'user');
    const before = await users.getUser(username);
    const user = await audited(
      req,
      'access-user-update',
      {
        target: userEntityRef(before),
        role: profile.role,
        ...(profile.role !== before.role ? { previousRole: before.role } : {}),
      },
      () => users.updateUser(username, profile),
    );
    await announce({ type: 'upserted', users: [user] });
    res.json(user);
  });

  router.delete('/users/:username', async (req, res) => {
    await authorize(req, accessUserDeletePermission);
    const username = usernameParam(req.params.username);
    const user = await audited(
      req,
      'access-user-delete',
      { target: userEntityRef({ username }) },
      () => users.deleteUser(username),
    );
    await announce({ type: 'deleted', users: [user] });
    res.status(204).end();
  });

  for (const [path, disabled] of [
    ['/users/:username/disable', true],
    ['/users/:username/enable', false],
  ] as const) {
    router.post(path, async (req, res) => {
      await authorize(req, accessUserUpdatePermission);
      const username = usernameParam(req.params.username);
      const user = await audited(
        req,
        disabled ? 'access-user-disable' : 'access-user-enable',
        { target: userEntityRef({ username }) },
        () => users.setDisabled(username, disabled),
      );
      await announce({ type: 'upserted', users: [user] });
      res.json(user);
    });
  }

  router.post('/users/:username/reset-password', async (req, res) => {
    await authorize(req, accessUserUpdatePermission);
    const username = usernameParam(req.params.username);
    const { password } = parse(resetPasswordSchema, req.body, 'request');
    const user = await audited(
      req,
      'access-user-reset-password',
      { target: userEntityRef({ username }) },
      () => users.resetPassword(username, password),
    );
    res.json(user);
  });

  /** The signed-in user's own local account; 404 for users signed in otherwise. */
  async function myAccount(req: Request<any, any, any, any, any>) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = credentials.principal.userEntityRef;
    const user = await users.findUserByEntityRef(ref);
    if (!user) {
      throw new NotFoundError(`'${ref}' has no local account`);
    }
    return user;
  }

  router.get('/me', async (req, res) => {
    res.json(await myAccount(req));
  });

  router.post('/me/password', async (req, res) => {
    const me = await myAccount(req);
    const input = parse(changePasswordSchema, req.body, 'request');
    const result: PasswordCheckResult = await audited(
      req,
      'access-password-change',
      { target: userEntityRef(me) },
      async () => {
        const outcome = await users.changePassword({
          username: me.username,
          currentPassword: input.currentPassword,
          newPassword: input.newPassword,
          clientAddress: req.ip,
          // The session it is made from stays: by its cookie, or the (verified) token's claim.
          currentSessionId: sessionIdOf(req),
          currentSessionHandle: sessionHandleOfToken(
            /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1],
          ),
        });
        switch (outcome.error) {
          case undefined:
            return outcome;
          case 'throttled':
            throw tooManyAttempts(
              res,
              outcome.retryAfterSeconds,
              `Too many wrong passwords; try again in ${outcome.retryAfterSeconds} seconds`,
            );
          case 'disabled':
            throw new NotAllowedError(`'${userEntityRef(me)}' is disabled`);
          default:
            throw new InputError(
              'currentPassword: is not the current password',
            );
        }
      },
    );
    res.json(result.ok as LocalUser);
  });

  return router;
}
