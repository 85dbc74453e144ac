import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { toResponseError } from '@opssight/plugin-api-react';
import type {
  BulkAddResult,
  ConnectionTestRequest,
  ConnectionTestRun,
  GroupInput,
  ListMachinesQuery,
  Machine,
  MachineGroup,
  MachineInput,
  MachineList,
} from '@opssight/plugin-machines-common';
import type { MachinesApi, MachineTag } from './MachinesApi';

/** The only place that knows the machines backend's URLs. */
export class MachinesClient implements MachinesApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listMachines(query: ListMachinesQuery = {}): Promise<MachineList> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return this.request(`/machines${search ? `?${search}` : ''}`);
  }

  getMachine(id: string): Promise<Machine> {
    return this.request(`/machines/${enc(id)}`);
  }

  createMachine(input: MachineInput): Promise<Machine> {
    return this.request('/machines', { method: 'POST', body: input });
  }

  updateMachine(id: string, input: MachineInput): Promise<Machine> {
    return this.request(`/machines/${enc(id)}`, { method: 'PUT', body: input });
  }

  deleteMachine(id: string): Promise<void> {
    return this.request(`/machines/${enc(id)}`, { method: 'DELETE' });
  }

  forgetHostKey(id: string): Promise<Machine> {
    return this.request(`/machines/${enc(id)}/host-key`, { method: 'DELETE' });
  }

  bulkImport(text: string): Promise<BulkAddResult> {
    return this.request('/bulk-imports', { method: 'POST', body: { text } });
  }

  async listGroups(): Promise<MachineGroup[]> {
    const { items } = await this.request<{ items: MachineGroup[] }>('/groups');
    return items;
  }

  createGroup(input: GroupInput): Promise<MachineGroup> {
    return this.request('/groups', { method: 'POST', body: input });
  }

  updateGroup(id: string, input: GroupInput): Promise<MachineGroup> {
    return this.request(`/groups/${enc(id)}`, { method: 'PUT', body: input });
  }

  deleteGroup(id: string): Promise<void> {
    return this.request(`/groups/${enc(id)}`, { method: 'DELETE' });
  }

  async listTags(): Promise<MachineTag[]> {
    const { items } = await this.request<{ items: MachineTag[] }>('/tags');
    return items;
  }

  startConnectionTest(
    request: ConnectionTestRequest,
  ): Promise<ConnectionTestRun> {
    return this.request('/connection-tests', { method: 'POST', body: request });
  }

  getConnectionTest(id: string): Promise<ConnectionTestRun> {
    return this.request(`/connection-tests/${enc(id)}`);
  }

  private async request<T>(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('machines');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      ...(options.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options.body),
      }),
    });
    if (!response.ok) {
      throw await toResponseError(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}

function enc(id: string) {
  return encodeURIComponent(id);
}
