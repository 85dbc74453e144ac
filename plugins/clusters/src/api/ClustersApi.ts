import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  BulkRunRequest,
  Cluster,
  ClusterChange,
  ClusterList,
  ClusterTopology,
  IpLookup,
  ReconfigureResult,
  Snippet,
  TopologyDiff,
  UpdateClusterInput,
} from '@opssight/plugin-clusters-common';
import type { Job, JobList, JobTarget } from '@opssight/plugin-jobs-common';

export type ListClustersQuery = {
  environment?: string;
  /** Matches names and descriptions. */
  q?: string;
};

export type ListRunsQuery = {
  clusterId?: string;
  limit?: number;
  offset?: number;
};

/** What a reconfiguration would change, and advice that does not block it. */
export type TopologyPreview = {
  diff: TopologyDiff;
  warnings: string[];
};

export type ReconfigureRequest = ClusterTopology & {
  /** The cluster's `updatedAt` as the user saw it: a 409 when someone changed it since. */
  expectedUpdatedAt?: string;
};

export type RunDetails = { job: Job; targets: JobTarget[] };

export type RerunRequest = {
  targets: 'all' | 'failed';
  credentialId?: string;
};

export type SnippetInput = Pick<Snippet, 'name' | 'script'> & {
  description?: string;
};

/** The clusters backend (`/api/clusters`), one method per route. */
export interface ClustersApi {
  listClusters(query?: ListClustersQuery): Promise<ClusterList>;
  getCluster(id: string): Promise<Cluster>;
  getClusterByName(name: string): Promise<Cluster>;
  updateCluster(id: string, input: UpdateClusterInput): Promise<Cluster>;
  deleteCluster(id: string): Promise<void>;
  previewTopology(
    id: string,
    topology: ClusterTopology,
  ): Promise<TopologyPreview>;
  reconfigure(
    id: string,
    request: ReconfigureRequest,
  ): Promise<ReconfigureResult>;
  getHistory(id: string): Promise<ClusterChange[]>;
  /** The Ansible inventory (Kubespray's hosts.yaml) of the cluster, as text. */
  getInventory(id: string): Promise<string>;
  /** Checks now rather than at the next scheduled check. */
  checkHealth(id: string): Promise<Cluster>;
  lookupIps(ips: string[]): Promise<IpLookup[]>;

  startRun(request: BulkRunRequest): Promise<Job>;
  listRuns(query?: ListRunsQuery): Promise<JobList>;
  getRun(id: string): Promise<RunDetails>;
  /** The URL of a run's event stream (SSE), for jobs-react's views; carries no token. */
  runEventsUrl(id: string): Promise<string>;
  cancelRun(id: string): Promise<void>;
  rerun(id: string, request: RerunRequest): Promise<Job>;

  listSnippets(): Promise<Snippet[]>;
  createSnippet(input: SnippetInput): Promise<Snippet>;
  updateSnippet(id: string, input: SnippetInput): Promise<Snippet>;
  deleteSnippet(id: string): Promise<void>;
}

export const clustersApiRef = createApiRef<ClustersApi>({
  id: 'plugin.clusters.api',
});
