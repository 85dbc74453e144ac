import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { accessSessionsServiceRef } from '@opssight/plugin-access-node';
import { createRouteGuard, pluginServices } from '@opssight/plugin-http-node';
import { terminalPermissions } from '@opssight/plugin-terminal-common';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
import { vaultServiceRef } from '@opssight/plugin-vault-node';
import { RecordingStore } from './database/RecordingStore';
import { createRouter } from './service/router';
import { readTerminalOptions } from './service/settings';
import { SessionTargets } from './service/targets';
import { TerminalSessions } from './service/TerminalSessions';
import { TerminalUpgrades } from './service/upgrade';

/**
 * The web terminal: a WebSocket proxy to registered machines over SSH, with
 * the user's vault credentials, recording every session.
 *
 * @public
 */
export const terminalPlugin = createBackendPlugin({
  pluginId: 'terminal',
  register(env) {
    env.registerInit({
      deps: {
        ...pluginServices,
        vault: vaultServiceRef,
        machines: machinesServiceRef,
        accessSessions: accessSessionsServiceRef,
      },
      async init(deps) {
        const {
          config,
          database,
          httpAuth,
          auth,
          permissions,
          auditor,
          logger,
        } = deps;
        deps.permissionsRegistry.addPermissions(terminalPermissions);
        const options = readTerminalOptions(config);
        const store = await RecordingStore.create({ database });
        const sessions = new TerminalSessions({
          store,
          logger,
          auditor,
          options,
          accessSessions: deps.accessSessions,
          permissions,
        });
        const targets = new SessionTargets({
          machines: deps.machines,
          vault: deps.vault,
        });
        const basePath = new URL(await deps.discovery.getBaseUrl('terminal'))
          .pathname;
        const upgrades = new TerminalUpgrades({
          basePath,
          allowedOrigins: options.allowedOrigins,
          httpAuth,
          auth,
          accessSessions: deps.accessSessions,
          guard: createRouteGuard({ httpAuth, permissions, auditor }),
          sessions,
          logger,
        });

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            store,
            sessions,
            targets,
            options,
            basePath,
            onServer: server => upgrades.attach(server),
          }),
        );

        deps.lifecycle.addShutdownHook(() => sessions.shutdown());

        await deps.scheduler.scheduleTask({
          id: 'terminal-recording-retention',
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const cutoff = new Date(Date.now() - options.retentionMs);
            const deleted = await store.deleteStartedBefore(cutoff);
            if (deleted > 0) {
              logger.info(
                `Deleted ${deleted} terminal recordings that started before ${cutoff.toISOString()}`,
              );
            }
          },
        });
      },
    });
  },
});
