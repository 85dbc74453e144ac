import type { Cluster } from './types';

/** The catalog entity of a cluster: `kind: Resource`, `spec.type: kubernetes-cluster`. */
export const CLUSTER_ENTITY_TYPE = 'kubernetes-cluster';

/** Annotations and labels under which a cluster's details appear on its entity. */
export const CLUSTER_ANNOTATIONS = {
  id: 'opssight.io/cluster-id',
  loadBalancerIp: 'opssight.io/load-balancer-ip',
  /** The stock Kubernetes plugin's annotations, set once the API URL is known. */
  apiServer: 'kubernetes.io/api-server',
  apiServerCa: 'kubernetes.io/api-server-certificate-authority',
  authProvider: 'kubernetes.io/auth-provider',
  /** Which workloads the Kubernetes tab of the cluster's entity lists. */
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
} as const;

/**
 * The label selector of a cluster entity's Kubernetes tab: every workload on
 * the cluster, except those labelled `opssight.io/portal=hidden`.
 */
export const CLUSTER_WORKLOADS_SELECTOR = 'opssight.io/portal!=hidden';

/** Label with the cluster's environment. */
export const CLUSTER_ENVIRONMENT_LABEL = 'opssight.io/environment';

/** Events topic on which the clusters backend announces changes. */
export const CLUSTERS_EVENTS_TOPIC = 'opssight.clusters';

/**
 * Published on CLUSTERS_EVENTS_TOPIC after every change, carrying the clusters
 * as they now are (or were, when deleted).
 */
export type ClusterChangeEvent =
  | { type: 'upserted'; clusters: Cluster[] }
  | { type: 'deleted'; clusters: Cluster[] };

/** The environments the wizard offers. */
export const CLUSTER_ENVIRONMENTS = [
  'production',
  'staging',
  'development',
  'test',
] as const;
