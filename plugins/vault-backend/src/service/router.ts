import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
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
import { jsonBody, parseInput } from '@opssight/plugin-http-node';
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

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  permissions: PermissionsService;
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
  const {
    httpAuth,
    auditor,
    permissions,
    logger,
    store,
    cipher,
    destinations,
  } = options;
  const router = createValidatedOpenApiRouter<typeof spec>(spec, {
    middleware: [jsonBody({ limitKb: 256 })],
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
   * A credential the caller may change: the action's permission, the credential
   * visible to them, and for a shared one the right to manage shared credentials.
   */
  async function changeable(
    credentials: UserCredentials,
    id: string,
    permission: BasicPermission,
    meta: JsonObject,
  ): Promise<Credential> {
    await authorize(credentials, permission);
    const current = await visibleCredential(id, credentials);
    Object.assign(meta, describe(current));
    if (current.scope === 'shared') {
      await authorize(credentials, vaultSharedManagePermission);
    }
    return current;
  }

  /**
   * Runs a route inside an audit event that records its outcome, refusals
   * included. `meta` is filled in as the route learns what it acts on.
   */
  async function audited<T>(
    req: AnyRequest,
    eventId: string,
    severityLevel: AuditorServiceEventSeverityLevel,
    meta: JsonObject,
    action: (meta: JsonObject) => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      request: req,
      severityLevel,
      meta: { ...meta },
    });
    try {
      const result = await action(meta);
      await event.success({ meta });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      throw error;
    }
  }

  router.get('/credentials', async (req, res) => {
    const caller = await callerOf(req);
    const items = await audited(
      req,
      'credential-list',
      'low',
      {},
      async meta => {
        const credentials = asUser(caller);
        const [mayRead, mayUse] = await decide(
          credentials,
          vaultCredentialReadPermission,
          vaultCredentialUsePermission,
        );
        if (!mayRead) throw refusal(vaultCredentialReadPermission);
        const query = parseInput(
          listCredentialsQuerySchema,
          req.query,
          'query',
        );
        const list = await store.listVisible({
          user: credentials.principal.userEntityRef,
          ...query,
        });
        meta.count = list.length;
        return list.map(c =>
          mayUse || c.scope === 'personal' ? c : nameOnly(c),
        );
      },
    );
    res.json({ items });
  });

  router.post('/credentials', async (req, res) => {
    const caller = await callerOf(req);
    const credential = await audited(
      req,
      'credential-create',
      'medium',
      {},
      async meta => {
        const credentials = asUser(caller);
        await authorize(credentials, vaultCredentialCreatePermission);
        const input = parseInput(credentialInputSchema, req.body, 'credential');
        Object.assign(meta, {
          name: input.name,
          kind: input.kind,
          scope: input.scope,
          allowedDestinations: input.allowedDestinations,
        });
        if (input.scope === 'shared') {
          await authorize(credentials, vaultSharedManagePermission);
        }
        const id = randomUUID();
        meta.id = id;
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
    const caller = await callerOf(req);
    const credential = await audited(
      req,
      'credential-read',
      'low',
      { id: req.params.id },
      async meta => {
        const credentials = asUser(caller);
        const [mayRead, mayUse] = await decide(
          credentials,
          vaultCredentialReadPermission,
          vaultCredentialUsePermission,
        );
        if (!mayRead) throw refusal(vaultCredentialReadPermission);
        const found = await visibleCredential(req.params.id, credentials);
        Object.assign(meta, describe(found));
        return mayUse || found.scope === 'personal' ? found : nameOnly(found);
      },
    );
    res.json(credential);
  });

  router.put('/credentials/:id', async (req, res) => {
    const caller = await callerOf(req);
    const credential = await audited(
      req,
      'credential-update',
      'medium',
      { id: req.params.id },
      async meta => {
        const credentials = asUser(caller);
        const current = await changeable(
          credentials,
          req.params.id,
          vaultCredentialUpdatePermission,
          meta,
        );
        const changes: CredentialUpdate = parseInput(
          credentialUpdateSchema(current.kind, current.scope),
          req.body,
          'credential',
        );
        const replacesSecret = hasSecret(current.kind, changes);
        Object.assign(meta, {
          newName: changes.name ?? null,
          replacesSecret,
        });
        if (changes.allowedDestinations !== undefined) {
          meta.allowedDestinations = {
            before: current.allowedDestinations,
            after: changes.allowedDestinations,
          };
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
    const caller = await callerOf(req);
    await audited(
      req,
      'credential-delete',
      'medium',
      { id: req.params.id },
      async meta => {
        const credentials = asUser(caller);
        const current = await changeable(
          credentials,
          req.params.id,
          vaultCredentialDeletePermission,
          meta,
        );
        await store.delete(current.id);
      },
    );
    res.status(204).end();
  });

  router.post('/credentials/:id/checkout', async (req, res) => {
    const caller = await callerOf(req);
    const checkout = await audited(
      req,
      'credential-checkout',
      'high',
      { id: req.params.id },
      async meta => {
        if (isPlugin(caller)) {
          return checkoutShared(req, caller, meta);
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
        meta.via = actor.subject;
        await authorize(credentials, vaultCredentialUsePermission);
        const { destination } = parseInput(
          userCheckoutSchema,
          req.body ?? {},
          'checkout',
        );
        if (destination !== undefined) meta.destination = destination;
        const { credential, sealed } = await store.getSealed(req.params.id);
        Object.assign(meta, describe(credential));
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
    meta: JsonObject,
  ): Promise<CredentialCheckout & Pick<Credential, 'name' | 'scope'>> {
    meta.via = caller.principal.subject;
    await authorize(caller, vaultCredentialUsePermission);
    const { purpose, destination } = parseInput(
      sharedCheckoutSchema,
      req.body ?? {},
      'checkout',
    );
    meta.purpose = purpose;
    if (destination !== undefined) meta.destination = destination;
    const { credential, sealed } = await store.getSealed(req.params.id);
    Object.assign(meta, describe(credential));
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
    const caller = await callerOf(req);
    const answer = await audited(
      req,
      'credential-destination-check',
      'low',
      { id: req.params.id },
      async meta => {
        const credentials = asUser(caller);
        await authorize(credentials, vaultCredentialUsePermission);
        const { destination } = parseInput(
          destinationCheckSchema,
          req.body ?? {},
          'destination check',
        );
        meta.destination = destination;
        const credential = await visibleCredential(req.params.id, credentials);
        Object.assign(meta, describe(credential));
        assertDestination(credential, destination);
        return nameOnly(credential);
      },
    );
    res.json(answer);
  });

  router.post('/rotate', async (req, res) => {
    const caller = await callerOf(req);
    const result = await audited(
      req,
      'vault-rotate',
      'high',
      {},
      async meta => {
        await authorize(caller, vaultSharedManagePermission);
        const outcome = await rotateVault({ store, cipher, logger });
        Object.assign(meta, {
          activeKeyId: outcome.activeKeyId,
          rotated: outcome.rotated,
          unchanged: outcome.unchanged,
          failed: outcome.failed.map(f => f.id),
        });
        return outcome;
      },
    );
    res.json(result);
  });

  return router;
}
