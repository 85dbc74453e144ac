import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { toResponseError } from '@opssight/plugin-api-react';
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
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listClusters(query: ListClustersQuery = {}): Promise<ClusterList> {
    return this.json(`/clusters${search(query)}`);
  }

  getCluster(id: string): Promise<Cluster> {
    return this.json(`/clusters/${enc(id)}`);
  }

  getClusterByName(name: string): Promise<Cluster> {
    return this.json(`/clusters/by-name/${enc(name)}`);
  }

  updateCluster(id: string, input: UpdateClusterInput): Promise<Cluster> {
    return this.json(`/clusters/${enc(id)}`, { method: 'PATCH', body: input });
  }

  async deleteCluster(id: string): Promise<void> {
    await this.fetch(`/clusters/${enc(id)}`, { method: 'DELETE' });
  }

  previewTopology(
    id: string,
    topology: ClusterTopology,
  ): Promise<TopologyPreview> {
    return this.json(`/clusters/${enc(id)}/topology/preview`, {
      method: 'POST',
      body: topology,
    });
  }

  reconfigure(
    id: string,
    request: ReconfigureRequest,
  ): Promise<ReconfigureResult> {
    return this.json(`/clusters/${enc(id)}/topology`, {
      method: 'PUT',
      body: request,
    });
  }

  getHistory(id: string): Promise<ClusterChange[]> {
    return this.json(`/clusters/${enc(id)}/history`);
  }

  async getInventory(id: string): Promise<string> {
    return (await this.fetch(`/clusters/${enc(id)}/inventory`)).text();
  }

  checkHealth(id: string): Promise<Cluster> {
    return this.json(`/clusters/${enc(id)}/health-checks`, { method: 'POST' });
  }

  lookupIps(ips: string[]): Promise<IpLookup[]> {
    return this.json('/ip-lookup', { method: 'POST', body: { ips } });
  }

  startRun(request: BulkRunRequest): Promise<Job> {
    return this.json('/runs', { method: 'POST', body: request });
  }

  listRuns(query: ListRunsQuery = {}): Promise<JobList> {
    return this.json(`/runs${search(query)}`);
  }

  getRun(id: string): Promise<RunDetails> {
    return this.json(`/runs/${enc(id)}`);
  }

  async runEventsUrl(id: string): Promise<string> {
    return `${await this.baseUrl()}/runs/${enc(id)}/events`;
  }

  async cancelRun(id: string): Promise<void> {
    await this.fetch(`/runs/${enc(id)}/cancel`, { method: 'POST' });
  }

  rerun(id: string, request: RerunRequest): Promise<Job> {
    return this.json(`/runs/${enc(id)}/rerun`, {
      method: 'POST',
      body: request,
    });
  }

  listSnippets(): Promise<Snippet[]> {
    return this.json('/snippets');
  }

  createSnippet(input: SnippetInput): Promise<Snippet> {
    return this.json('/snippets', { method: 'POST', body: input });
  }

  updateSnippet(id: string, input: SnippetInput): Promise<Snippet> {
    return this.json(`/snippets/${enc(id)}`, { method: 'PUT', body: input });
  }

  async deleteSnippet(id: string): Promise<void> {
    await this.fetch(`/snippets/${enc(id)}`, { method: 'DELETE' });
  }

  private baseUrl() {
    return this.discoveryApi.getBaseUrl('clusters');
  }

  private async fetch(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<Response> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${path}`,
      {
        method: options.method ?? 'GET',
        ...(options.body !== undefined && {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(options.body),
        }),
      },
    );
    if (!response.ok) {
      throw await toResponseError(response);
    }
    return response;
  }

  private async json<T>(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    return (await (await this.fetch(path, options)).json()) as T;
  }
}

function search(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function enc(id: string) {
  return encodeURIComponent(id);
}
