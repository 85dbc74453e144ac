import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { authProvidersExtensionPoint } from '@backstage/plugin-auth-node';
import { accessSessionsServiceRef } from '@opssight/plugin-access-node';
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
        auditor: coreServices.auditor,
        sessions: accessSessionsServiceRef,
      },
      async init({ providers, config, auditor, sessions }) {
        providers.registerProvider({
          providerId: PROVIDER_ID,
          factory: createLocalSignInProviderFactory({
            sessions,
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
