import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { authProvidersExtensionPoint } from '@backstage/plugin-auth-node';
import { AccessService } from '@opssight/plugin-access-backend';
import { accessSessionsServiceRef } from '@opssight/plugin-access-node';
import { accessFromConfig } from './accessFromConfig';
import { createLocalSignInProviderFactory, PROVIDER_ID } from './provider';

/**
 * The `opssight` sign-in provider: local accounts (admin/admin on a fresh
 * install, which must change its password first). Enabled by
 * `auth.providers.opssight` in app-config.
 *
 * @public
 */
export const authModuleOpsSightProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'opssight-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        auditor: coreServices.auditor,
        sessions: accessSessionsServiceRef,
      },
      async init({ providers, config, logger, lifecycle, auditor, sessions }) {
        let access: Promise<AccessService> | undefined;
        providers.registerProvider({
          providerId: PROVIDER_ID,
          factory: createLocalSignInProviderFactory({
            // Opened on first use: the access plugin migrates its database first.
            access: () =>
              (access ??= accessFromConfig({
                config,
                logger,
                lifecycle,
                sessions,
              })),
            auditor,
            secureCookies: isHttps(config.getString('backend.baseUrl')),
          }),
        });
      },
    });
  },
});

function isHttps(url: string) {
  return new URL(url).protocol === 'https:';
}
