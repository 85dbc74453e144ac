import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ACCESS_EVENTS_TOPIC } from '@opssight/plugin-access-common';
import { accessSessionsServiceRef } from '@opssight/plugin-access-node';
import { AccessService } from './service/AccessService';
import { createRouter } from './service/router';

/**
 * Local accounts: users, roles, password hashes, sign-in throttling and sessions.
 *
 * @public
 */
export const accessPlugin = createBackendPlugin({
  pluginId: 'access',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        sessions: accessSessionsServiceRef,
      },
      async init({
        config,
        database,
        httpAuth,
        permissions,
        httpRouter,
        auditor,
        logger,
        scheduler,
        events,
        sessions,
      }) {
        const access = await AccessService.create({
          database,
          config,
          logger,
          onSessionsEnded: event => sessions.announceSessionsEnded(event),
        });
        sessions.setSessionSource(
          async handle =>
            !!(await access.validateSessionHandle(handle, { touch: false })),
        );

        const initialAdmin = await access.ensureInitialAdmin();
        if (initialAdmin) {
          await events.publish({
            topic: ACCESS_EVENTS_TOPIC,
            eventPayload: { type: 'upserted', users: [initialAdmin] },
          });
        }

        await scheduler.scheduleTask({
          id: 'access-purge-expired',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: () => access.purgeExpired(),
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            events,
            logger,
            access,
          }),
        );
      },
    });
  },
});
