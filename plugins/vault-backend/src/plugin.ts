import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { pluginServices } from '@opssight/plugin-http-node';
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
      deps: pluginServices,
      async init(deps) {
        const { config, logger, database, auditor } = deps;
        const cipher = new VaultCipher(readVaultKeys({ config, logger }));
        const store = await DatabaseCredentialStore.create({ database });
        deps.permissionsRegistry.addPermissions(vaultPermissions);

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

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            store,
            cipher,
            destinations: readDestinationRules(config),
          }),
        );
      },
    });
  },
});
