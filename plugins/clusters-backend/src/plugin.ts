import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { createChangeAnnouncer } from '@opssight/plugin-catalog-provider-node';
import {
  ClusterChangeEvent,
  CLUSTERS_EVENTS_TOPIC,
  clustersPermissions,
} from '@opssight/plugin-clusters-common';
import { pluginServices } from '@opssight/plugin-http-node';
import { createJobEngine } from '@opssight/plugin-jobs-node';
import { DEFAULT_MACHINE_OWNER } from '@opssight/plugin-machines-common';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
import { vaultServiceRef } from '@opssight/plugin-vault-node';
import { DatabaseClustersStore } from './database/DatabaseClustersStore';
import { HealthChecker } from './health/HealthChecker';
import { followMachineRegistry } from './service/events';
import { MachineRegistry } from './service/MachineRegistry';
import { createRouter } from './service/router';
import { bulkScriptHandler, createRunsRouter } from './runs';

/**
 * Kubernetes clusters made of registered machines: their nodes and
 * reconfiguration, health, Kubespray inventory and bulk runs.
 *
 * @public
 */
export const clustersPlugin = createBackendPlugin({
  pluginId: 'clusters',
  register(env) {
    env.registerInit({
      deps: {
        ...pluginServices,
        events: eventsServiceRef,
        vault: vaultServiceRef,
        machines: machinesServiceRef,
      },
      async init(deps) {
        const { config, auth, events, logger } = deps;
        deps.permissionsRegistry.addPermissions(clustersPermissions);
        const store = await DatabaseClustersStore.create(deps);
        const registry = new MachineRegistry({ machines: deps.machines });
        const announce = createChangeAnnouncer<ClusterChangeEvent>(
          deps,
          CLUSTERS_EVENTS_TOPIC,
          'clusters',
        );
        const health = config.getOptionalConfig('clusters.health');
        // Loopback and private API URLs only inside the networks an admin lists.
        const apiUrlPolicy = OutboundAddressPolicy.fromConfig(
          config.getOptionalConfig('clusters.apiUrl'),
          'clusters.apiUrl',
        );
        const checker = new HealthChecker({
          policy: apiUrlPolicy,
          store,
          registry,
          vault: deps.vault,
          auth,
          logger,
          options: {
            concurrency: health?.getOptionalNumber('concurrency') ?? 32,
            connectTimeoutMs:
              health?.getOptionalNumber('connectTimeoutMs') ?? 5000,
            handshakeTimeoutMs:
              health?.getOptionalNumber('handshakeTimeoutMs') ?? 10000,
          },
        });

        await followMachineRegistry({ events, store, announce, logger });

        // Bulk runs are jobs: claimed by one replica, live logs, per-host results.
        // The store above has run every migration (snippets included) first.
        const engine = await createJobEngine({
          pluginId: 'clusters',
          database: deps.database,
          logger,
          config,
          handlers: [bulkScriptHandler({ vault: deps.vault })],
        });
        await engine.start();
        deps.lifecycle.addShutdownHook(() => engine.stop());
        const runs = await createRunsRouter({
          ...deps,
          engine,
          resolveClusterNodes: async (clusterId, role) => {
            const cluster = await store.getCluster(clusterId);
            return cluster.nodes
              .filter(n => role === 'all' || n.role === role)
              .map(n => ({ ip: n.ip, role: n.role, machineId: n.machineId }));
          },
        });

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            store,
            registry,
            health: checker,
            apiUrlPolicy,
            announce,
            extraRoutes: runs,
            defaultOwner:
              config.getOptionalString('clusters.defaultOwner') ??
              DEFAULT_MACHINE_OWNER,
          }),
        );

        await deps.scheduler.scheduleTask({
          id: 'clusters-health-checks',
          frequency: {
            minutes: health?.getOptionalNumber('intervalMinutes') ?? 5,
          },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 1 },
          fn: () =>
            checker.checkAll(async ({ cluster, machinesChanged }) => {
              if (machinesChanged) {
                await announce({ type: 'upserted', clusters: [cluster] });
              }
            }),
        });
      },
    });
  },
});
