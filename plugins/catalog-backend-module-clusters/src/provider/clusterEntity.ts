import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  Cluster,
  CLUSTER_ANNOTATIONS,
  CLUSTER_ENTITY_TYPE,
  CLUSTER_ENVIRONMENT_LABEL,
  CLUSTER_WORKLOADS_SELECTOR,
} from '@opssight/plugin-clusters-common';
import { machineEntityName } from '@opssight/plugin-machines-common';

export const LOCATION_KEY = 'opssight-clusters';

/**
 * Where a cluster's links point: the portal's cluster page, which also offers
 * the inventory download (the API itself needs a token a plain link lacks).
 */
export type ClusterLinkBases = {
  /** `app.baseUrl`: the cluster page is `<appBaseUrl>/clusters/<id>`. */
  appBaseUrl: string;
};

function plural(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A cluster as a catalog entity. Only public fields: the API token credential
 * (and anything else secret) never goes here.
 */
export function clusterToEntity(
  cluster: Cluster,
  links: ClusterLinkBases,
): Entity {
  const location = `opssight-clusters:${cluster.id}`;
  const masters = cluster.nodes.filter(n => n.role === 'master').length;
  const workers = cluster.nodes.length - masters;
  const dependsOn = [
    ...new Set(
      cluster.nodes
        .filter(n => n.machineId && n.hostname)
        .map(
          n =>
            `resource:default/${machineEntityName({
              hostname: n.hostname!,
              ip: n.ip,
            })}`,
        ),
    ),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: cluster.name,
      title: `${cluster.name} (${cluster.environment})`,
      description:
        cluster.description ||
        `Kubernetes cluster: ${plural(masters, 'master')}, ${plural(
          workers,
          'worker',
        )}`,
      labels: { [CLUSTER_ENVIRONMENT_LABEL]: cluster.environment },
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [CLUSTER_ANNOTATIONS.id]: cluster.id,
        ...(cluster.loadBalancerIp
          ? { [CLUSTER_ANNOTATIONS.loadBalancerIp]: cluster.loadBalancerIp }
          : {}),
        // The stock Kubernetes plugin's cluster annotations (it reads the
        // cluster itself from OpsSight, with the token from the vault), and
        // its Kubernetes tab listing every workload on the cluster except
        // those labelled opssight.io/portal=hidden.
        ...(cluster.apiUrl
          ? {
              [CLUSTER_ANNOTATIONS.apiServer]: cluster.apiUrl,
              ...(cluster.apiCaData
                ? { [CLUSTER_ANNOTATIONS.apiServerCa]: cluster.apiCaData }
                : {}),
              [CLUSTER_ANNOTATIONS.authProvider]: 'serviceAccount',
              [CLUSTER_ANNOTATIONS.kubernetesLabelSelector]:
                CLUSTER_WORKLOADS_SELECTOR,
            }
          : {}),
      },
      links: [
        {
          url: `${links.appBaseUrl}/clusters/${cluster.id}`,
          title: 'Cluster page',
          icon: 'dashboard',
        },
      ],
    },
    spec: {
      type: CLUSTER_ENTITY_TYPE,
      owner: cluster.owner,
      lifecycle:
        cluster.environment === 'production' ? 'production' : 'experimental',
      dependsOn,
    },
  };
}
