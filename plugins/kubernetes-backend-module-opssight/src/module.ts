import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  kubernetesAuthStrategyExtensionPoint,
  kubernetesClusterSupplierExtensionPoint,
  kubernetesServiceLocatorExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { CLUSTERS_EVENTS_TOPIC } from '@opssight/plugin-clusters-common';
import { vaultServiceRef } from '@opssight/plugin-vault-node';
import { ClusterServiceLocator } from './ClusterServiceLocator';
import {
  OPSSIGHT_AUTH_PROVIDER,
  OpsSightClusterSupplier,
} from './OpsSightClusterSupplier';
import { VaultTokenStrategy } from './VaultTokenStrategy';

/**
 * Shows OpsSight's clusters in Backstage's Kubernetes plugin: every cluster
 * with an API URL and an API-token credential, authenticated with that token
 * from the vault, server-side.
 *
 * @public
 */
export const kubernetesModuleOpsSight = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'opssight',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        vault: vaultServiceRef,
        events: eventsServiceRef,
        clusterSuppliers: kubernetesClusterSupplierExtensionPoint,
        authStrategies: kubernetesAuthStrategyExtensionPoint,
        serviceLocators: kubernetesServiceLocatorExtensionPoint,
      },
      async init({
        logger,
        auth,
        discovery,
        vault,
        events,
        clusterSuppliers,
        authStrategies,
        serviceLocators,
      }) {
        const supplier = new OpsSightClusterSupplier({ auth, discovery });
        await events.subscribe({
          id: 'kubernetes-opssight-clusters',
          topics: [CLUSTERS_EVENTS_TOPIC],
          onEvent: async () => supplier.invalidate(),
        });
        clusterSuppliers.addClusterSupplier(supplier);
        authStrategies.addAuthStrategy(
          OPSSIGHT_AUTH_PROVIDER,
          new VaultTokenStrategy({ vault, logger }),
        );
        serviceLocators.addServiceLocator(new ClusterServiceLocator(supplier));
      },
    });
  },
});
