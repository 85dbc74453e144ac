import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  createPluginApiReader,
  EventedEntityProvider,
  EventedEntityProviderServices,
  PluginApiReader,
} from '@opssight/plugin-catalog-provider-node';
import {
  Cluster,
  CLUSTERS_EVENTS_TOPIC,
} from '@opssight/plugin-clusters-common';
import { clusterToEntity, LOCATION_KEY } from './clusterEntity';

const PAGE_SIZE = 500;

/**
 * Publishes every cluster as a catalog entity, read from the clusters
 * backend's API as the catalog; changes arrive on the clusters events topic.
 */
export class ClustersProvider extends EventedEntityProvider<Cluster> {
  private readonly api: PluginApiReader;
  private readonly appBaseUrl: string;

  constructor(
    options: EventedEntityProviderServices & {
      auth: AuthService;
      discovery: DiscoveryService;
      /** `app.baseUrl`, for the link to the cluster page. */
      appBaseUrl: string;
    },
  ) {
    super(
      {
        name: 'opssight-clusters',
        locationKey: LOCATION_KEY,
        topic: CLUSTERS_EVENTS_TOPIC,
        changeField: 'clusters',
        itemsName: 'clusters',
      },
      options,
    );
    this.api = createPluginApiReader({ ...options, pluginId: 'clusters' });
    this.appBaseUrl = options.appBaseUrl;
  }

  protected readAll() {
    return this.api.getAll<Cluster>('/clusters', { pageSize: PAGE_SIZE });
  }

  protected toEntity(cluster: Cluster) {
    return clusterToEntity(cluster, { appBaseUrl: this.appBaseUrl });
  }
}
