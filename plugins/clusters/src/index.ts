/**
 * Clusters: every Kubernetes cluster's health and nodes, bulk script runs on
 * them (or on machine groups), reconfiguration with a reviewed diff, a
 * "Cluster" tab on cluster entities, and the scaffolder field
 * `ui:field: ClusterNodeIps` of the New cluster wizard.
 *
 * @packageDocumentation
 */
export { clustersPlugin as default } from './plugin';
export { clustersApiRef, ClustersClient } from './api';
export type { ClustersApi } from './api';
export { NodeIpListsEditor } from './components/NodeIpListsEditor';
export type {
  NodeIpLists,
  NodeRegistration,
} from './components/NodeIpListsEditor';
