import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { pluginServices } from '@opssight/plugin-http-node';
import { createJobEngine } from '@opssight/plugin-jobs-node';
import {
  DEFAULT_MACHINE_OWNER,
  machinePermissions,
} from '@opssight/plugin-machines-common';
import {
  CredentialNames,
  seededCredentialId,
  vaultServiceRef,
} from '@opssight/plugin-vault-node';
import { DatabaseMachinesStore } from './database/DatabaseMachinesStore';
import { clusterMembership } from './service/clusterMembership';
import { connectionTestHandler } from './service/connectionTestHandler';
import { ConnectionTests } from './service/ConnectionTests';
import { createRouter } from './service/router';
import { seedMachines } from './service/seed';
import { vaultLogins } from './service/vaultLogins';

/**
 * The machine registry: machines, groups, bulk import and connection tests
 * (jobs of the job engine, in the plugin's own database).
 *
 * @public
 */
export const machinesPlugin = createBackendPlugin({
  pluginId: 'machines',
  register(env) {
    env.registerInit({
      deps: {
        ...pluginServices,
        events: eventsServiceRef,
        vault: vaultServiceRef,
      },
      async init(deps) {
        const { config, database, logger, vault, discovery, auth } = deps;
        deps.permissionsRegistry.addPermissions(machinePermissions);
        const credentialNames: CredentialNames = {
          get: options => vault.describeCredential(options),
        };
        const store = await DatabaseMachinesStore.create({ database });
        const testConfig = config.getOptionalConfig('machines.connectionTest');
        const allowOwnHost =
          config.getOptionalBoolean('machines.allowLoopback') ?? false;
        const testOptions = {
          concurrency: testConfig?.getOptionalNumber('concurrency') ?? 32,
          connectTimeoutMs:
            testConfig?.getOptionalNumber('connectTimeoutMs') ?? 5000,
          handshakeTimeoutMs:
            testConfig?.getOptionalNumber('handshakeTimeoutMs') ?? 10000,
          allowOwnHost,
        };
        // Connection tests are jobs: claimed by one replica, heartbeats,
        // recovery, live progress over SSE. The store above migrated first.
        const engine = await createJobEngine({
          pluginId: 'machines',
          database,
          logger,
          config,
          handlers: [
            connectionTestHandler({ ...testOptions, store, vault, logger }),
          ],
        });
        await engine.start();
        deps.lifecycle.addShutdownHook(() => engine.stop());
        const connectionTests = new ConnectionTests(
          engine,
          testOptions,
          vaultLogins(vault, credentialNames),
        );
        const defaultOwner =
          config.getOptionalString('machines.defaultOwner') ??
          DEFAULT_MACHINE_OWNER;

        const seedFile = config.getOptionalString('machines.seed.file');
        // The name of a shared credential the vault seeds (vault.seed.sharedCredentials).
        const defaultCredential = config.getOptionalString(
          'machines.seed.defaultCredential',
        );
        if (seedFile) {
          await seedMachines({
            store,
            logger,
            file: seedFile,
            owner: defaultOwner,
            sshPort: config.getOptionalNumber('machines.seed.sshPort'),
            sshUser: config.getOptionalString('machines.seed.sshUser'),
            ...(defaultCredential && {
              defaultCredentialId: seededCredentialId(defaultCredential),
            }),
          });
        }

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            store,
            tests: connectionTests,
            defaultOwner,
            allowOwnHost,
            credentialNames,
            clustersOf: clusterMembership({ discovery, auth }),
          }),
        );
      },
    });
  },
});
