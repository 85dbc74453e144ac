import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { MachinesProvider } from './provider/MachinesProvider';

export const catalogModuleMachines = createBackendModule({
  moduleId: 'machines-provider',
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
          MachinesProvider.fromConfig(config, {
            logger,
            scheduler,
          }),
        );
      }
    });
  },
})
