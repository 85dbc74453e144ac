import {
  BackendFeature,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
  HttpRouterService,
  HttpRouterServiceAuthPolicy,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import { ownershipRefs } from '@opssight/plugin-access-common';
import accessPlugin, {
  accessSessionsServiceFactory,
} from '@opssight/plugin-access-backend';
import automationPlugin from '@opssight/plugin-automation-backend';
import clustersPlugin from '@opssight/plugin-clusters-backend';
import auditPlugin, {
  auditorServiceFactory,
} from '@opssight/plugin-audit-backend';
import machinesPlugin from '@opssight/plugin-machines-backend';
import opsSightPolicy from '@opssight/plugin-permission-backend-module-opssight-policy';
import terminalPlugin from '@opssight/plugin-terminal-backend';
import vaultPlugin from '@opssight/plugin-vault-backend';
import { onBehalfOfAuth } from '@opssight/plugin-testing-node';
import { randomBytes } from 'node:crypto';

/** The OpsSight backend plugins whose routes are under test, by plugin id. */
export const OPSSIGHT_PLUGIN_IDS = [
  'access',
  'vault',
  'audit',
  'machines',
  'terminal',
  'clusters',
  'automation',
] as const;
export type OpsSightPluginId = (typeof OPSSIGHT_PLUGIN_IDS)[number];

/** admin, operator or viewer. */
export type Role = Parameters<typeof ownershipRefs>[0]['role'];

/**
 * What the real policy needs to know of a signed-in user: their ownership refs.
 * For a user with a role, the user and their role group, as the OpsSight
 * sign-in puts them in the token (`ownershipRefs`); otherwise the user alone.
 */
export function roleUserInfo(roles: Record<string, Role>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: (): UserInfoService => ({
      async getUserInfo(credentials) {
        const { userEntityRef } =
          credentials.principal as BackstageUserPrincipal;
        const role = roles[userEntityRef];
        if (!role) {
          return { userEntityRef, ownershipEntityRefs: [userEntityRef] };
        }
        // Local accounts are user:default/<username>.
        const username = userEntityRef.replace(/^user:default\//, '');
        return {
          userEntityRef,
          ownershipEntityRefs: ownershipRefs({ username, role }),
        };
      },
    }),
  });
}

/** An express handler, as plugins give it to their httpRouter. */
type Handler = Parameters<HttpRouterService['use']>[0];

/** What each plugin gave its httpRouter. */
export type MountedRouters = {
  handlers: Map<string, Handler[]>;
  authPolicies: Map<string, HttpRouterServiceAuthPolicy[]>;
};

type InternalServiceFactory = {
  deps: Record<string, unknown>;
  initialization?: 'always' | 'lazy';
  factory(deps: Record<string, unknown>, context: unknown): Promise<unknown>;
};

/**
 * Backstage's own httpRouter (credentials barrier, error handler and all),
 * recording the handlers and auth policies each plugin registers.
 */
export function recordingHttpRouter(): {
  mounted: MountedRouters;
  factory: BackendFeature;
} {
  const mounted: MountedRouters = {
    handlers: new Map(),
    authPolicies: new Map(),
  };
  const real = httpRouterServiceFactory as unknown as InternalServiceFactory;
  if (typeof real.factory !== 'function' || !real.deps?.plugin) {
    throw new Error(
      'The shape of httpRouterServiceFactory changed: update recordingHttpRouter',
    );
  }
  const factory = createServiceFactory({
    service: coreServices.httpRouter,
    initialization: 'always',
    deps: real.deps as { plugin: typeof coreServices.pluginMetadata },
    async factory(deps): Promise<HttpRouterService> {
      const router = (await real.factory(deps, undefined)) as HttpRouterService;
      const pluginId = deps.plugin.getId();
      mounted.handlers.set(pluginId, []);
      mounted.authPolicies.set(pluginId, []);
      return {
        use(handler) {
          mounted.handlers.get(pluginId)!.push(handler);
          router.use(handler);
        },
        addAuthPolicy(policy) {
          mounted.authPolicies.get(pluginId)!.push(policy);
          router.addAuthPolicy(policy);
        },
      };
    },
  });
  return { mounted, factory };
}

export type RouteInfo = { method: string; path: string };

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

type Layer = {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: Handler & { stack?: Layer[] };
  regexp?: RegExp & { fast_slash?: boolean };
};

/** The static path an express 4 `use()` layer is mounted on ('' for the root). */
function mountPath(layer: Layer): string {
  if (!layer.regexp || layer.regexp.fast_slash) return '';
  // `use('/a/.b', router)` is /^\/a\/\.b\/?(?=\/|$)/i: static segments only.
  const match = /^\^((?:\\\/(?:[\w-]|\\\.)+)+)\\\/\?\(\?=\\\/\|\$\)$/.exec(
    layer.regexp.source,
  );
  if (!match) {
    throw new Error(
      `Cannot read the mount path of a nested router from ${layer.regexp}`,
    );
  }
  return match[1].replace(/\\(.)/g, '$1');
}

/** Every route of an express router, nested routers included. */
export function routesOf(handler: Handler, prefix = ''): RouteInfo[] {
  const stack = (handler as Layer['handle']).stack;
  if (!stack) return [];
  const routes: RouteInfo[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path)
        ? layer.route.path
        : [layer.route.path];
      for (const path of paths) {
        if (typeof path !== 'string') {
          throw new Error(`Route path is not a string: ${path}`);
        }
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) {
            // router.all(): every method reaches the handler.
            const methods =
              method === '_all' ? ALL_METHODS : [method.toUpperCase()];
            routes.push(
              ...methods.map(m => ({ method: m, path: prefix + path })),
            );
          }
        }
      }
    } else if (layer.handle.stack) {
      routes.push(...routesOf(layer.handle, prefix + mountPath(layer)));
    }
  }
  return routes;
}

/** The signed-in users of these tests, one per role. */
export const USERS = {
  admin: 'user:default/ada',
  operator: 'user:default/olga',
  viewer: 'user:default/vic',
} as const;

/** A user's Authorization header: a user token, as the browser sends it. */
export const asUser = (ref: string) => mockCredentials.user.header(ref);

/**
 * A backend plugin (the terminal) calling on a user's behalf: the only caller
 * that may check a secret out of the vault.
 */
export const viaPlugin = (ref: string, pluginId = 'terminal') =>
  `Bearer ${mockCredentials.user.token(ref, {
    actor: { subject: `plugin:${pluginId}` },
  })}`;

/**
 * One backend with the six OpsSight backend plugins, Backstage's permission
 * backend with the real OpsSight policy, the OpsSight auditor (the hash-chained
 * trail), the events bus, and Backstage's httpRouter recording what each plugin
 * mounts. Requests without an Authorization header have no identity; users'
 * roles come from `roles` (their role group, as the sign-in gives it).
 */
export async function startOpsSightBackend(options: {
  roles: Record<string, Role>;
  config?: JsonObject;
  features?: BackendFeature[];
}) {
  const routers = recordingHttpRouter();
  const config: JsonObject = {
    app: { baseUrl: 'http://localhost:3000' },
    permission: { enabled: true },
    events: { useEventBus: 'never' },
    vault: {
      keys: [{ id: 'test-key', secret: randomBytes(32).toString('base64') }],
    },
    machines: {
      // The tests' sshd listens on a loopback port.
      allowLoopback: true,
      connectionTest: { connectTimeoutMs: 1000, handshakeTimeoutMs: 1000 },
    },
    ...options.config,
  };
  const backend = await startTestBackend({
    features: [
      accessPlugin,
      accessSessionsServiceFactory,
      vaultPlugin,
      auditPlugin,
      machinesPlugin,
      terminalPlugin,
      clustersPlugin,
      automationPlugin,
      permissionPlugin,
      opsSightPolicy,
      auditorServiceFactory,
      eventsServiceFactory,
      routers.factory,
      roleUserInfo(options.roles),
      // Plugins calling another on a user's behalf (clusters → vault) name
      // themselves as the actor, as Backstage's auth service does.
      onBehalfOfAuth,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({ data: config }),
      ...(options.features ?? []),
    ],
  });
  return { backend, server: backend.server, mounted: routers.mounted };
}
