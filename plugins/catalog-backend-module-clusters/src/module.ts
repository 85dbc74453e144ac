import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ClustersProvider } from './provider/ClustersProvider';

/**
 * Publishes OpsSight's Kubernetes clusters to the catalog as Resource entities
 * of type kubernetes-cluster, depending on their machines.
 *
 * @public
 */
export const catalogModuleClusters = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'opssight-clusters',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({
        logger,
        config,
        scheduler,
        auth,
        discovery,
        events,
        processing,
      }) {
        const minutes =
          config.getOptionalNumber(
            'catalog.providers.opssightClusters.refreshMinutes',
          ) ?? 5;
        processing.addEntityProvider(
          new ClustersProvider({
            logger,
            auth,
            discovery,
            events,
            appBaseUrl: (config.getOptionalString('app.baseUrl') ?? '').replace(
              /\/+$/,
              '',
            ),
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
