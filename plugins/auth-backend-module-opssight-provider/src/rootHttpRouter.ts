import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createServiceFactory,
  RootHttpRouterService,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AccessSessionsService,
  accessSessionsServiceRef,
} from '@opssight/plugin-access-node';
import { createSessionGuard } from './sessionGuard';

/** The parts of a service factory that Backstage keeps internal. */
type InternalRootServiceFactory = {
  deps: Record<string, ServiceRef<unknown, 'root'>>;
  factory(
    deps: Record<string, unknown>,
    context: unknown,
  ): Promise<RootHttpRouterService>;
};

function internals(factory: unknown): InternalRootServiceFactory {
  const inner = factory as Partial<InternalRootServiceFactory>;
  if (typeof inner.factory !== 'function' || !inner.deps?.config) {
    throw new Error(
      'The shape of rootHttpRouterServiceFactory changed: update rootHttpRouterWithSessionGuard',
    );
  }
  return inner as InternalRootServiceFactory;
}

const defaults = internals(rootHttpRouterServiceFactory);

/**
 * Backstage's root HTTP router with the session guard in front of every
 * plugin's routes (see {@link createSessionGuard}). The guard's refusals get
 * the same security headers, CORS headers and error body as any response.
 *
 * `configure` cannot ask for services, so this factory takes Backstage's own
 * dependencies plus the sessions service and hands them to Backstage's
 * factory: one sessions service (and one database pool) for the guard, the
 * sign-in and every plugin.
 *
 * @public
 */
export const rootHttpRouterWithSessionGuard = createServiceFactory({
  service: coreServices.rootHttpRouter,
  deps: {
    ...(defaults.deps as {}),
    sessions: accessSessionsServiceRef,
  },
  async factory(deps) {
    const { sessions, ...backstageDeps } = deps as Record<string, unknown> & {
      sessions: AccessSessionsService;
    };
    const withGuard = rootHttpRouterServiceFactory({
      configure({ app, middleware, applyDefaults }) {
        app.use(middleware.helmet());
        app.use(middleware.cors());
        app.use(createSessionGuard(sessions));
        app.use(middleware.error());
        applyDefaults();
      },
    });
    return internals(withGuard).factory(backstageDeps, undefined);
  },
});
