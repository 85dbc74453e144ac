import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AccessService } from '@opssight/plugin-access-backend';
import { accessFromConfig } from './accessFromConfig';
import { createSessionGuard } from './sessionGuard';

/**
 * Backstage's root HTTP router with the session guard in front of every
 * plugin's routes (see {@link createSessionGuard}). The guard's refusals get
 * the same security headers, CORS headers and error body as any response.
 *
 * @public
 */
export const rootHttpRouterWithSessionGuard = rootHttpRouterServiceFactory({
  configure({ app, middleware, config, logger, lifecycle, applyDefaults }) {
    let access: Promise<AccessService> | undefined;
    app.use(middleware.helmet());
    app.use(middleware.cors());
    app.use(
      createSessionGuard(
        () => (access ??= accessFromConfig({ config, logger, lifecycle })),
      ),
    );
    app.use(middleware.error());
    applyDefaults();
  },
});
