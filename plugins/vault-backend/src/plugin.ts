import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { vaultPermissions } from '@opssight/plugin-vault-common';
import {
  readDestinationRules,
  readVaultKeys,
  VaultCipher,
} from '@opssight/plugin-vault-node';
import { DatabaseCredentialStore } from './database/DatabaseCredentialStore';
import { createRouter } from './service/router';
import { readCredentialSeeds, seedSharedCredentials } from './service/seed';

/**
 * The credential vault: SSH keys, passwords and API tokens, encrypted at rest,
 * personal or shared.
 *
 * @public
 */
export const vaultPlugin = createBackendPlugin({
  pluginId: 'vault',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        database,
        httpAuth,
        httpRouter,
        auditor,
        permissions,
        permissionsRegistry,
      }) {
        const cipher = new VaultCipher(readVaultKeys({ config, logger }));
        const store = await DatabaseCredentialStore.create({ database });
        permissionsRegistry.addPermissions(vaultPermissions);

        const stale = await store.listSealedWithOtherKeys({
          keyId: cipher.activeKeyId,
          limit: 1,
        });
        if (stale.length) {
          logger.info(
            `Some credentials are still encrypted with an older key than '${cipher.activeKeyId}'; POST /api/vault/rotate re-encrypts them`,
          );
        }

        await seedSharedCredentials({
          seeds: readCredentialSeeds({ config, logger }),
          store,
          cipher,
          auditor,
          logger,
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            permissions,
            logger,
            store,
            cipher,
            destinations: readDestinationRules(config),
          }),
        );
      },
    });
  },
});
