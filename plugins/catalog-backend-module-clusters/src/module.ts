import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ClustersProvider } from './provider/ClustersProvider';

export const catalogModuleClusters = createBackendModule({
  moduleId: 'clusters-provider',
  pluginId: 'catalog',
  register({ registerInit }) {
    registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        processing: catalogProcessingExtensionPoint,
      },
      async init({ logger, scheduler, config, processing }) {
        processing.addEntityProvider(
          ClustersProvider.fromConfig(config, {
            logger,
            scheduler,
          }),
        );
      }
    });
  },
})
