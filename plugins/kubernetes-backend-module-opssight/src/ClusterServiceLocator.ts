import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ClusterDetails,
  KubernetesClustersSupplier,
  KubernetesServiceLocator,
  ServiceLocatorRequestContext,
} from '@backstage/plugin-kubernetes-node';
import { CLUSTER_ENTITY_TYPE } from '@opssight/plugin-clusters-common';

const clusterRef = (name: string) =>
  stringifyEntityRef({ kind: 'Resource', namespace: 'default', name });

/**
 * Which clusters hold an entity's workloads: a cluster's own entity shows
 * that cluster; an entity that depends on clusters (`spec.dependsOn:
 * [resource:default/prod-eu-1]`) shows those; any other entity, every cluster.
 */
export class ClusterServiceLocator implements KubernetesServiceLocator {
  constructor(private readonly supplier: KubernetesClustersSupplier) {}

  async getClustersByEntity(
    entity: Entity,
    context: ServiceLocatorRequestContext,
  ): Promise<{ clusters: ClusterDetails[] }> {
    const clusters = await this.supplier.getClusters({
      credentials: context.credentials,
    });
    const own = stringifyEntityRef(entity);
    if (
      entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
      entity.spec?.type === CLUSTER_ENTITY_TYPE
    ) {
      return { clusters: clusters.filter(c => clusterRef(c.name) === own) };
    }
    const dependsOn = new Set(
      (entity.relations ?? [])
        .filter(r => r.type === RELATION_DEPENDS_ON)
        .map(r => r.targetRef),
    );
    const dependedOn = clusters.filter(c => dependsOn.has(clusterRef(c.name)));
    return { clusters: dependedOn.length ? dependedOn : clusters };
  }
}
