import { createEntityProviderModule } from '@opssight/plugin-catalog-provider-node';
import { ClustersProvider } from './provider/ClustersProvider';

/**
 * Publishes OpsSight's Kubernetes clusters to the catalog as Resource entities
 * of type kubernetes-cluster, depending on their machines.
 *
 * @public
 */
export const catalogModuleClusters = createEntityProviderModule({
  moduleId: 'opssight-clusters',
  configKey: 'opssightClusters',
  createProvider: ({ config, ...services }) =>
    new ClustersProvider({
      ...services,
      appBaseUrl: (config.getOptionalString('app.baseUrl') ?? '').replace(
        /\/+$/,
        '',
      ),
    }),
});
