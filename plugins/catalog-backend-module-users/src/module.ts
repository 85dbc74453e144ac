import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { AccessUsersProvider } from './provider/AccessUsersProvider';

/**
 * Publishes the OpsSight local accounts to the catalog as Users, members of the
 * role Groups opssight-admins, opssight-operators and opssight-viewers.
 *
 * @public
 */
export const catalogModuleUsers = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'opssight-access-users',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({
        config,
        scheduler,
        logger,
        auth,
        discovery,
        events,
        processing,
      }) {
        const minutes =
          config.getOptionalNumber(
            'catalog.providers.opssightAccess.refreshMinutes',
          ) ?? 5;
        processing.addEntityProvider(
          new AccessUsersProvider({
            logger,
            auth,
            discovery,
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
