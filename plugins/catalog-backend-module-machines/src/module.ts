import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
import { MachinesProvider } from './provider/MachinesProvider';

/**
 * Publishes the OpsSight machine registry to the catalog as Resource entities of type machine.
 *
 * @public
 */
export const catalogModuleMachines = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'opssight-machines',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        machines: machinesServiceRef,
        events: eventsServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({
        logger,
        config,
        scheduler,
        auth,
        machines,
        events,
        processing,
      }) {
        const minutes =
          config.getOptionalNumber(
            'catalog.providers.opssightMachines.refreshMinutes',
          ) ?? 5;
        processing.addEntityProvider(
          new MachinesProvider({
            logger,
            auth,
            machines,
            events,
            taskRunner: scheduler.createScheduledTaskRunner({
              frequency: { minutes },
              timeout: { minutes: 2 },
              // Let the backend finish starting before the first full read.
              initialDelay: { seconds: 10 },
            }),
          }),
        );
      },
    });
  },
});
