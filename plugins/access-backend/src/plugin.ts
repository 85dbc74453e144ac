import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { pluginServices } from '@opssight/plugin-http-node';
import {
  ACCESS_EVENTS_TOPIC,
  accessPermissions,
} from '@opssight/plugin-access-common';
import { accessSessionsServiceRef } from '@opssight/plugin-access-node';
import { DatabaseAccessStore } from './database/DatabaseAccessStore';
import { createRouter } from './service/router';
import { SignInSessions } from './service/SignInSessions';
import { UserAccounts } from './service/UserAccounts';
import { AccessSessionsHandover } from './services';

/**
 * Local accounts: users, roles, password hashes, and the admin API; and the
 * sign-in sessions it hands over to the root service
 * `accessSessionsServiceFactory` provides, on the same database pool.
 *
 * @public
 */
export const accessPlugin = createBackendPlugin({
  pluginId: 'access',
  register(env) {
    env.registerInit({
      deps: {
        ...pluginServices,
        sharedSessions: accessSessionsServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, database, sharedSessions, logger, events } = deps;
        if (!(sharedSessions instanceof AccessSessionsHandover)) {
          // Otherwise sign-ins and terminals could not see the sessions this plugin keeps.
          throw new Error(
            'The access plugin needs its sessions service: add accessSessionsServiceFactory from @opssight/plugin-access-backend to the backend',
          );
        }
        deps.permissionsRegistry.addPermissions(accessPermissions);
        // The one pool on the access database: this plugin's (Backstage's own
        // services for the plugin use it too), shared with the root sessions service.
        const store = await DatabaseAccessStore.create({ database });
        const sessions = await SignInSessions.create({
          store,
          config,
          logger,
          listeners: sharedSessions.listeners,
        });
        const users = new UserAccounts({ store, sessions, logger });
        sharedSessions.handOver(sessions);

        const initialAdmin = await users.ensureInitialAdmin();
        if (initialAdmin) {
          await events.publish({
            topic: ACCESS_EVENTS_TOPIC,
            eventPayload: { type: 'upserted', users: [initialAdmin] },
          });
        }

        await deps.scheduler.scheduleTask({
          id: 'access-purge-expired',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: () => sessions.purgeExpired(),
        });

        deps.httpRouter.use(await createRouter({ ...deps, users }));
      },
    });
  },
});
