import {
  createApiFetcher,
  type ApiClientOptions,
  type ApiFetcher,
} from '@opssight/plugin-api-react';
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
  private readonly api: ApiFetcher;

  constructor(options: ApiClientOptions) {
    this.api = createApiFetcher({ ...options, pluginId: 'machines' });
  }

  listMachines(query: ListMachinesQuery = {}): Promise<MachineList> {
    return this.api.json('/machines', { query });
  }

  getMachine(id: string): Promise<Machine> {
    return this.api.json(`/machines/${enc(id)}`);
  }

  createMachine(input: MachineInput): Promise<Machine> {
    return this.api.json('/machines', { method: 'POST', body: input });
  }

  updateMachine(id: string, input: MachineInput): Promise<Machine> {
    return this.api.json(`/machines/${enc(id)}`, {
      method: 'PUT',
      body: input,
    });
  }

  deleteMachine(id: string): Promise<void> {
    return this.api.noContent(`/machines/${enc(id)}`, { method: 'DELETE' });
  }

  forgetHostKey(id: string): Promise<Machine> {
    return this.api.json(`/machines/${enc(id)}/host-key`, { method: 'DELETE' });
  }

  bulkImport(text: string): Promise<BulkAddResult> {
    return this.api.json('/bulk-imports', { method: 'POST', body: { text } });
  }

  async listGroups(): Promise<MachineGroup[]> {
    const { items } = await this.api.json<{ items: MachineGroup[] }>('/groups');
    return items;
  }

  createGroup(input: GroupInput): Promise<MachineGroup> {
    return this.api.json('/groups', { method: 'POST', body: input });
  }

  updateGroup(id: string, input: GroupInput): Promise<MachineGroup> {
    return this.api.json(`/groups/${enc(id)}`, { method: 'PUT', body: input });
  }

  deleteGroup(id: string): Promise<void> {
    return this.api.noContent(`/groups/${enc(id)}`, { method: 'DELETE' });
  }

  async listTags(): Promise<MachineTag[]> {
    const { items } = await this.api.json<{ items: MachineTag[] }>('/tags');
    return items;
  }

  startConnectionTest(
    request: ConnectionTestRequest,
  ): Promise<ConnectionTestRun> {
    return this.api.json('/connection-tests', {
      method: 'POST',
      body: request,
    });
  }

  getConnectionTest(id: string): Promise<ConnectionTestRun> {
    return this.api.json(`/connection-tests/${enc(id)}`);
  }
}

function enc(id: string) {
  return encodeURIComponent(id);
}
