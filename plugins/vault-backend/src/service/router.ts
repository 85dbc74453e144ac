import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  Credential,
  CredentialListItem,
  credentialInputSchema,
  credentialUpdateSchema,
  CredentialUpdate,
  listCredentialsQuerySchema,
  vaultCredentialCreatePermission,
  vaultCredentialDeletePermission,
  vaultCredentialReadPermission,
  vaultCredentialUpdatePermission,
  vaultCredentialUsePermission,
  vaultSharedManagePermission,
} from '@opssight/plugin-vault-common';
import {
  AuditedEvent,
  AuditedOptions,
  createPluginRouter,
  parseInput,
  RouteGuardOptions,
} from '@opssight/plugin-http-node';
import {
  CredentialCheckout,
  destinationRefusal,
  DestinationRules,
  VaultCipher,
} from '@opssight/plugin-vault-node';
import express, { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CredentialStore } from '../database/CredentialStore';
import { spec } from '../schema/openapi.generated';
import { rotateVault } from './rotation';
import { hasSecret, sealNewSecret } from './secrets';

// Typed OpenAPI requests differ in their params; these helpers take any of them.
type AnyRequest = Request<any, any, any, any, any>;
type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

export interface RouterOptions extends RouteGuardOptions {
  logger: LoggerService;
  store: CredentialStore;
  cipher: VaultCipher;
  /** Where secrets may be sent (`vault.destinations`). */
  destinations: DestinationRules;
}

/** What a plugin checking a shared credential out as itself says of why, for the audit trail. */
const PURPOSE_REQUIRED =
  'is required: say why the plugin needs the secret, for the audit trail';
const destinationSchema = z
  .string({ error: 'must be the URL the secret is sent to' })
  .trim()
  .min(1, 'must be the URL the secret is sent to')
  .max(2048, 'must be at most 2048 characters');
const sharedCheckoutSchema = z.object({
  purpose: z
    .string({ error: PURPOSE_REQUIRED })
    .trim()
    .min(1, PURPOSE_REQUIRED)
    .max(200, 'must be at most 200 characters'),
  destination: destinationSchema.optional(),
});
const userCheckoutSchema = z.object({
  destination: destinationSchema.optional(),
});
const destinationCheckSchema = z.object({ destination: destinationSchema });

/** All a caller who may not use credentials learns of a shared one. */
function nameOnly(credential: Credential): CredentialListItem {
  const { id, name, kind, scope } = credential;
  return { id, name, kind, scope };
}

/** What the audit trail records of a credential: never its secret. */
function describe(c: Credential): JsonObject {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    scope: c.scope,
    owner: c.owner,
    allowedDestinations: c.allowedDestinations,
  };
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, logger, store, cipher, destinations } =
    options;
  // Refusals happen inside each route's audit event (a credential's refusal
  // names the credential), so the vault authorizes on its own and only audits
  // through the guard.
  const { router, audited } = createPluginRouter(spec, {
    ...options,
    body: { limitKb: 256 },
  });

  /** Any identity; refusing services happens in {@link asUser}, inside the audit event. */
  async function callerOf(req: AnyRequest): Promise<BackstageCredentials> {
    return httpAuth.credentials(req, { allow: ['user', 'service'] });
  }

  /** Credentials belong to users: services may only rotate. */
  function asUser(credentials: BackstageCredentials): UserCredentials {
    const principal = credentials.principal as { type: string };
    if (principal.type !== 'user') {
      throw new NotAllowedError(
        `Only users have credentials; this request was made by a ${principal.type}`,
      );
    }
    return credentials as UserCredentials;
  }

  /** One decision per permission, in one round trip to the policy. */
  async function decide(
    credentials: BackstageCredentials,
    ...wanted: BasicPermission[]
  ): Promise<boolean[]> {
    const decisions = await permissions.authorize(
      wanted.map(permission => ({ permission })),
      { credentials },
    );
    return decisions.map(d => d.result === AuthorizeResult.ALLOW);
  }

  function refusal(permission: BasicPermission): NotAllowedError {
    return new NotAllowedError(`Your role does not allow '${permission.name}'`);
  }

  async function authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<void> {
    const [granted] = await decide(credentials, permission);
    if (!granted) throw refusal(permission);
  }

  /** Another user's personal credential is, to the caller, not there at all. */
  async function visibleCredential(
    id: string,
    credentials: UserCredentials,
  ): Promise<Credential> {
    const credential = await store.get(id);
    if (
      credential.scope === 'personal' &&
      credential.owner !== credentials.principal.userEntityRef
    ) {
      throw new NotFoundError(`No credential with id '${id}'`);
    }
    return credential;
  }

  /**
   * Refuses to hand a secret out for `destination` unless it may go there:
   * https (http only when configured), and for a shared credential one of
   * the destinations an admin bound it to. API tokens are sent over HTTP and
   * nothing else, so they are handed out only for a destination.
   */
  function assertDestination(
    credential: Credential,
    destination: string | undefined,
  ): void {
    if (destination === undefined) {
      if (credential.kind === 'api-token') {
        // The calling plugin asked for the wrong kind of credential: a 400 it passes on.
        throw new InputError(
          `Credential '${credential.name}' is an API token, which is handed out only for the URL it is sent to (destination)`,
        );
      }
      return;
    }
    const problem =
      credential.scope === 'shared'
        ? destinationRefusal(
            credential.allowedDestinations,
            destination,
            destinations,
          )
        : destinationRefusal('anywhere', destination, destinations);
    if (problem) {
      throw new NotAllowedError(
        `Credential '${credential.name}' may not be sent there: ${problem}${
          credential.scope === 'shared'
            ? '. An admin can add the destination to the credential on the Credentials page'
            : ''
        }`,
      );
    }
  }

  /**
   * What a reader sees of a credential: all of their own; of a shared one,
   * all only when they may also use it, else its name.
   */
  async function readerView(
    credentials: UserCredentials,
  ): Promise<(c: Credential) => Credential | CredentialListItem> {
    const [mayRead, mayUse] = await decide(
      credentials,
      vaultCredentialReadPermission,
      vaultCredentialUsePermission,
    );
    if (!mayRead) throw refusal(vaultCredentialReadPermission);
    return c => (mayUse || c.scope === 'personal' ? c : nameOnly(c));
  }

  /**
   * A route for users' own credentials, inside its audit event: a service
   * calling it is refused there, so that refusal is on the trail too.
   */
  async function forUser<T>(
    req: AnyRequest,
    eventId: string,
    meta: JsonObject,
    action: (credentials: UserCredentials, event: AuditedEvent) => Promise<T>,
    auditedOptions?: AuditedOptions,
  ): Promise<T> {
    const caller = await callerOf(req);
    return audited(
      req,
      eventId,
      meta,
      async event => action(asUser(caller), event),
      auditedOptions,
    );
  }

  /**
   * A route changing the credential `:id`, inside its audit event: the
   * action's permission, the credential visible to the caller, and for a
   * shared one the right to manage shared credentials.
   */
  async function changing<T>(
    req: AnyRequest,
    eventId: string,
    permission: BasicPermission,
    action: (current: Credential, event: AuditedEvent) => Promise<T>,
  ): Promise<T> {
    return forUser(
      req,
      eventId,
      { id: req.params.id },
      async (credentials, event) => {
        await authorize(credentials, permission);
        const current = await visibleCredential(req.params.id, credentials);
        event.addMeta(describe(current));
        if (current.scope === 'shared') {
          await authorize(credentials, vaultSharedManagePermission);
        }
        return action(current, event);
      },
    );
  }

  router.get('/credentials', async (req, res) => {
    const items = await forUser(
      req,
      'credential-list',
      {},
      async (credentials, event) => {
        const shown = await readerView(credentials);
        const query = parseInput(
          listCredentialsQuerySchema,
          req.query,
          'query',
        );
        const list = await store.listVisible({
          user: credentials.principal.userEntityRef,
          ...query,
        });
        event.addMeta({ count: list.length });
        return list.map(shown);
      },
      { severity: 'low' },
    );
    res.json({ items });
  });

  router.post('/credentials', async (req, res) => {
    const credential = await forUser(
      req,
      'credential-create',
      {},
      async (credentials, event) => {
        await authorize(credentials, vaultCredentialCreatePermission);
        const input = parseInput(credentialInputSchema, req.body, 'credential');
        event.addMeta({
          name: input.name,
          kind: input.kind,
          scope: input.scope,
          allowedDestinations: input.allowedDestinations,
        });
        if (input.scope === 'shared') {
          await authorize(credentials, vaultSharedManagePermission);
        }
        const id = randomUUID();
        event.addMeta({ id });
        return store.create({
          id,
          name: input.name,
          kind: input.kind,
          scope: input.scope,
          owner: credentials.principal.userEntityRef,
          username: input.username,
          description: input.description,
          allowedDestinations: input.allowedDestinations,
          ...sealNewSecret(cipher, id, input.kind, input),
        });
      },
    );
    res.status(201).json(credential);
  });

  router.get('/credentials/:id', async (req, res) => {
    const credential = await forUser(
      req,
      'credential-read',
      { id: req.params.id },
      async (credentials, event) => {
        const shown = await readerView(credentials);
        const found = await visibleCredential(req.params.id, credentials);
        event.addMeta(describe(found));
        return shown(found);
      },
      { severity: 'low' },
    );
    res.json(credential);
  });

  router.put('/credentials/:id', async (req, res) => {
    const credential = await changing(
      req,
      'credential-update',
      vaultCredentialUpdatePermission,
      async (current, event) => {
        const changes: CredentialUpdate = parseInput(
          credentialUpdateSchema(current.kind, current.scope),
          req.body,
          'credential',
        );
        const replacesSecret = hasSecret(current.kind, changes);
        event.addMeta({
          newName: changes.name ?? null,
          replacesSecret,
        });
        if (changes.allowedDestinations !== undefined) {
          event.addMeta({
            allowedDestinations: {
              before: current.allowedDestinations,
              after: changes.allowedDestinations,
            },
          });
        }
        return store.update(current.id, {
          name: changes.name,
          username: changes.username,
          description: changes.description,
          allowedDestinations: changes.allowedDestinations,
          secret: replacesSecret
            ? sealNewSecret(cipher, current.id, current.kind, changes)
            : undefined,
        });
      },
    );
    res.json(credential);
  });

  router.delete('/credentials/:id', async (req, res) => {
    await changing(
      req,
      'credential-delete',
      vaultCredentialDeletePermission,
      async current => store.delete(current.id),
    );
    res.status(204).end();
  });

  router.post('/credentials/:id/checkout', async (req, res) => {
    const caller = await callerOf(req);
    const checkout = await audited(
      req,
      'credential-checkout',
      { id: req.params.id },
      async event => {
        if (isPlugin(caller)) {
          return checkoutShared(req, caller, event);
        }
        const credentials = asUser(caller);
        // A plugin token on behalf of a user names the plugin as the actor; a
        // user's own token (from a browser or a script) does not.
        const actor = credentials.principal.actor;
        if (!actor) {
          throw new NotAllowedError(
            'Secrets are checked out by backend plugins acting on behalf of a user, not with a user token',
          );
        }
        event.addMeta({ via: actor.subject });
        await authorize(credentials, vaultCredentialUsePermission);
        const { destination } = parseInput(
          userCheckoutSchema,
          req.body ?? {},
          'checkout',
        );
        if (destination !== undefined) event.addMeta({ destination });
        const { credential, sealed } = await store.getSealed(req.params.id);
        event.addMeta(describe(credential));
        if (
          credential.scope === 'personal' &&
          credential.owner !== credentials.principal.userEntityRef
        ) {
          throw new NotAllowedError(
            `Not allowed to use credential '${credential.id}': it is another user's personal credential`,
          );
        }
        assertDestination(credential, destination);
        await store.markUsed(credential.id);
        return checkoutOf(credential, sealed, destination);
      },
      { severity: 'high' },
    );
    res.json(checkout);
  });

  /**
   * A backend plugin's own token (`plugin:<id>`); a static API token is a
   * service too, but not a plugin, and gets no secrets.
   */
  function isPlugin(
    credentials: BackstageCredentials,
  ): credentials is BackstageCredentials<BackstageServicePrincipal> {
    const principal = credentials.principal as {
      type: string;
      subject?: string;
    };
    return (
      principal.type === 'service' &&
      Boolean(principal.subject?.startsWith('plugin:'))
    );
  }

  /**
   * A backend plugin checking a credential out as itself, for work no user is
   * present for (scheduled health checks): shared credentials only.
   */
  async function checkoutShared(
    req: AnyRequest,
    caller: BackstageCredentials<BackstageServicePrincipal>,
    event: AuditedEvent,
  ): Promise<CredentialCheckout & Pick<Credential, 'name' | 'scope'>> {
    event.addMeta({ via: caller.principal.subject });
    await authorize(caller, vaultCredentialUsePermission);
    const { purpose, destination } = parseInput(
      sharedCheckoutSchema,
      req.body ?? {},
      'checkout',
    );
    event.addMeta({ purpose });
    if (destination !== undefined) event.addMeta({ destination });
    const { credential, sealed } = await store.getSealed(req.params.id);
    event.addMeta(describe(credential));
    if (credential.scope !== 'shared') {
      throw new NotAllowedError(
        `Not allowed to use credential '${credential.id}': a plugin acting on its own may use shared credentials only, and this one is personal`,
      );
    }
    assertDestination(credential, destination);
    await store.markUsed(credential.id);
    return checkoutOf(credential, sealed, destination);
  }

  function checkoutOf(
    credential: Credential,
    sealed: CredentialCheckout['sealed'],
    destination: string | undefined,
  ): CredentialCheckout & Pick<Credential, 'name' | 'scope'> {
    return {
      id: credential.id,
      name: credential.name,
      kind: credential.kind,
      scope: credential.scope,
      username: credential.username,
      sealed,
      ...(destination === undefined
        ? {}
        : {
            destination,
            allowedDestinations: credential.allowedDestinations,
          }),
    };
  }

  router.post('/credentials/:id/destination-check', async (req, res) => {
    const answer = await forUser(
      req,
      'credential-destination-check',
      { id: req.params.id },
      async (credentials, event) => {
        await authorize(credentials, vaultCredentialUsePermission);
        const { destination } = parseInput(
          destinationCheckSchema,
          req.body ?? {},
          'destination check',
        );
        event.addMeta({ destination });
        const credential = await visibleCredential(req.params.id, credentials);
        event.addMeta(describe(credential));
        assertDestination(credential, destination);
        return nameOnly(credential);
      },
      { severity: 'low' },
    );
    res.json(answer);
  });

  router.post('/rotate', async (req, res) => {
    const caller = await callerOf(req);
    const result = await audited(
      req,
      'vault-rotate',
      {},
      async event => {
        await authorize(caller, vaultSharedManagePermission);
        const outcome = await rotateVault({ store, cipher, logger });
        event.addMeta({
          activeKeyId: outcome.activeKeyId,
          rotated: outcome.rotated,
          unchanged: outcome.unchanged,
          failed: outcome.failed.map(f => f.id),
        });
        return outcome;
      },
      { severity: 'high' },
    );
    res.json(result);
  });

  return router;
}
