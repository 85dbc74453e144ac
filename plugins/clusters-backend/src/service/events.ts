import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { ClusterChangeEvent } from '@opssight/plugin-clusters-common';
import {
  MachineChangeEvent,
  MACHINES_EVENTS_TOPIC,
} from '@opssight/plugin-machines-common';
import { AnnounceChange } from '@opssight/plugin-catalog-provider-node';
import { ClustersStore } from '../database/ClustersStore';

/** Publishes a change of clusters for the catalog (CLUSTERS_EVENTS_TOPIC). */
export type AnnounceClusters = AnnounceChange<ClusterChangeEvent>;

/**
 * Keeps the clusters' view of their machines (id, host name, pinned key)
 * current as the registry announces changes, and re-announces the clusters
 * whose nodes changed: the catalog names a node's machine by its host name.
 */
export async function followMachineRegistry(options: {
  events: EventsService;
  store: ClustersStore;
  announce: AnnounceClusters;
  logger: LoggerService;
}): Promise<void> {
  const { events, store, announce, logger } = options;
  await events.subscribe({
    id: 'clusters-machine-registry',
    topics: [MACHINES_EVENTS_TOPIC],
    async onEvent({ eventPayload }) {
      const event = eventPayload as MachineChangeEvent;
      try {
        const changed = await store.applyMachineChanges(
          event.type === 'deleted'
            ? { upserted: [], deleted: event.machines }
            : { upserted: event.machines, deleted: [] },
        );
        if (changed.length) {
          await announce({
            type: 'upserted',
            clusters: await store.getClusters(changed),
          });
        }
      } catch (error) {
        // The next health check refreshes the nodes' machines anyway.
        logger.warn(`Could not follow a machine registry change: ${error}`);
      }
    },
  });
}
