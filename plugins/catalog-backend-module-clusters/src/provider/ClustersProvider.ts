import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  Cluster,
  ClusterChangeEvent,
  ClusterList,
  CLUSTERS_EVENTS_TOPIC,
} from '@opssight/plugin-clusters-common';
import { clusterToEntity, LOCATION_KEY } from './clusterEntity';

const PAGE_SIZE = 500;

/**
 * Publishes every cluster as a catalog entity. Changes arrive as events from
 * the clusters backend and are applied as delta mutations within a moment; a
 * scheduled full read keeps the catalog right if an event was missed.
 */
export class ClustersProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: {
      logger: LoggerService;
      auth: AuthService;
      discovery: DiscoveryService;
      events: EventsService;
      taskRunner: SchedulerServiceTaskRunner;
      /** `app.baseUrl`, for the link to the cluster page. */
      appBaseUrl: string;
    },
  ) {}

  getProviderName() {
    return 'opssight-clusters';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.options.events.subscribe({
      id: 'catalog-opssight-clusters',
      topics: [CLUSTERS_EVENTS_TOPIC],
      onEvent: async ({ eventPayload }) => {
        await this.applyChange(eventPayload as ClusterChangeEvent);
      },
    });
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Replaces the provider's entities with every cluster there is. */
  async refresh() {
    if (!this.connection) throw new Error('ClustersProvider is not connected');
    const clusters = await this.readAll();
    const toEntity = await this.toEntity();
    await this.connection.applyMutation({
      type: 'full',
      entities: clusters.map(c => ({
        entity: toEntity(c),
        locationKey: LOCATION_KEY,
      })),
    });
    this.options.logger.info(
      `Published ${clusters.length} clusters to the catalog`,
    );
  }

  private async applyChange(change: ClusterChangeEvent) {
    if (!this.connection || !change?.clusters?.length) return;
    const toEntity = await this.toEntity();
    const entities = change.clusters.map(c => ({
      entity: toEntity(c),
      locationKey: LOCATION_KEY,
    }));
    await this.connection.applyMutation(
      change.type === 'deleted'
        ? { type: 'delta', added: [], removed: entities }
        : { type: 'delta', added: entities, removed: [] },
    );
  }

  private async toEntity() {
    const links = { appBaseUrl: this.options.appBaseUrl };
    return (cluster: Cluster) => clusterToEntity(cluster, links);
  }

  private async readAll(): Promise<Cluster[]> {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl('clusters');
    const clusters: Cluster[] = [];
    for (;;) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'clusters',
      });
      const response = await fetch(
        `${baseUrl}/clusters?limit=${PAGE_SIZE}&offset=${clusters.length}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const page = (await response.json()) as ClusterList;
      clusters.push(...page.items);
      if (page.items.length === 0 || clusters.length >= page.totalCount) {
        return clusters;
      }
    }
  }
}
