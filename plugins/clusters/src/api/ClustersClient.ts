import {
  createApiFetcher,
  type ApiClientOptions,
  type ApiFetcher,
} from '@opssight/plugin-api-react';
import type {
  BulkRunRequest,
  Cluster,
  ClusterChange,
  ClusterList,
  ClusterTopology,
  IpLookup,
  ReconfigureResult,
  Snippet,
  UpdateClusterInput,
} from '@opssight/plugin-clusters-common';
import type { Job, JobList } from '@opssight/plugin-jobs-common';
import type {
  ClustersApi,
  ListClustersQuery,
  ListRunsQuery,
  ReconfigureRequest,
  RerunRequest,
  RunDetails,
  SnippetInput,
  TopologyPreview,
} from './ClustersApi';

/** The only place that knows the clusters backend's URLs. */
export class ClustersClient implements ClustersApi {
  private readonly api: ApiFetcher;

  constructor(options: ApiClientOptions) {
    this.api = createApiFetcher({ ...options, pluginId: 'clusters' });
  }

  listClusters(query: ListClustersQuery = {}): Promise<ClusterList> {
    return this.api.json('/clusters', { query });
  }

  getCluster(id: string): Promise<Cluster> {
    return this.api.json(`/clusters/${enc(id)}`);
  }

  getClusterByName(name: string): Promise<Cluster> {
    return this.api.json(`/clusters/by-name/${enc(name)}`);
  }

  updateCluster(id: string, input: UpdateClusterInput): Promise<Cluster> {
    return this.api.json(`/clusters/${enc(id)}`, {
      method: 'PATCH',
      body: input,
    });
  }

  deleteCluster(id: string): Promise<void> {
    return this.api.noContent(`/clusters/${enc(id)}`, { method: 'DELETE' });
  }

  previewTopology(
    id: string,
    topology: ClusterTopology,
  ): Promise<TopologyPreview> {
    return this.api.json(`/clusters/${enc(id)}/topology/preview`, {
      method: 'POST',
      body: topology,
    });
  }

  reconfigure(
    id: string,
    request: ReconfigureRequest,
  ): Promise<ReconfigureResult> {
    return this.api.json(`/clusters/${enc(id)}/topology`, {
      method: 'PUT',
      body: request,
    });
  }

  getHistory(id: string): Promise<ClusterChange[]> {
    return this.api.json(`/clusters/${enc(id)}/history`);
  }

  getInventory(id: string): Promise<string> {
    return this.api.text(`/clusters/${enc(id)}/inventory`);
  }

  checkHealth(id: string): Promise<Cluster> {
    return this.api.json(`/clusters/${enc(id)}/health-checks`, {
      method: 'POST',
    });
  }

  lookupIps(ips: string[]): Promise<IpLookup[]> {
    return this.api.json('/ip-lookup', { method: 'POST', body: { ips } });
  }

  startRun(request: BulkRunRequest): Promise<Job> {
    return this.api.json('/runs', { method: 'POST', body: request });
  }

  listRuns(query: ListRunsQuery = {}): Promise<JobList> {
    return this.api.json('/runs', { query });
  }

  getRun(id: string): Promise<RunDetails> {
    return this.api.json(`/runs/${enc(id)}`);
  }

  async runEventsUrl(id: string): Promise<string> {
    return `${await this.api.baseUrl()}/runs/${enc(id)}/events`;
  }

  cancelRun(id: string): Promise<void> {
    return this.api.noContent(`/runs/${enc(id)}/cancel`, { method: 'POST' });
  }

  rerun(id: string, request: RerunRequest): Promise<Job> {
    return this.api.json(`/runs/${enc(id)}/rerun`, {
      method: 'POST',
      body: request,
    });
  }

  listSnippets(): Promise<Snippet[]> {
    return this.api.json('/snippets');
  }

  createSnippet(input: SnippetInput): Promise<Snippet> {
    return this.api.json('/snippets', { method: 'POST', body: input });
  }

  updateSnippet(id: string, input: SnippetInput): Promise<Snippet> {
    return this.api.json(`/snippets/${enc(id)}`, {
      method: 'PUT',
      body: input,
    });
  }

  deleteSnippet(id: string): Promise<void> {
    return this.api.noContent(`/snippets/${enc(id)}`, { method: 'DELETE' });
  }
}

function enc(id: string) {
  return encodeURIComponent(id);
}
