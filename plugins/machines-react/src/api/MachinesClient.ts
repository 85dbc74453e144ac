import {
  createApiFetcher,
  errorStatus,
  PluginApiClient,
  recordPath,
} from '@opssight/plugin-api-react';
import type {
  BulkAddResult,
  ConnectionTestRequest,
  GroupInput,
  ListMachinesQuery,
  Machine,
  MachineGroup,
  MachineInput,
  MachineList,
} from '@opssight/plugin-machines-common';
import type { Job } from '@opssight/plugin-jobs-common';
import type { ConnectionTest, MachinesApi, MachineTag } from './MachinesApi';

/** The only place that knows the machines backend's URLs. */
export class MachinesClient extends PluginApiClient implements MachinesApi {
  protected readonly pluginId = 'machines';
  /** The clusters plugin, for which clusters a machine is a node of. */
  private readonly clusters = createApiFetcher({
    ...this.options,
    pluginId: 'clusters',
  });
  private readonly machines = this.records<Machine, MachineInput>('/machines');
  private readonly groups = this.records<MachineGroup, GroupInput>('/groups');

  readonly getMachine = this.machines.get;
  readonly createMachine = this.machines.create;
  readonly updateMachine = this.machines.update;
  readonly deleteMachine = this.machines.remove;
  readonly createGroup = this.groups.create;
  readonly updateGroup = this.groups.update;
  readonly deleteGroup = this.groups.remove;

  listMachines(query: ListMachinesQuery = {}): Promise<MachineList> {
    return this.api.json('/machines', { query });
  }

  forgetHostKey(id: string): Promise<Machine> {
    return this.api.json(`${recordPath('/machines', id)}/host-key`, {
      method: 'DELETE',
    });
  }

  bulkImport(text: string): Promise<BulkAddResult> {
    return this.api.json('/bulk-imports', { method: 'POST', body: { text } });
  }

  async listGroups(): Promise<MachineGroup[]> {
    const { items } = await this.api.json<{ items: MachineGroup[] }>('/groups');
    return items;
  }

  async listTags(): Promise<MachineTag[]> {
    const { items } = await this.api.json<{ items: MachineTag[] }>('/tags');
    return items;
  }

  startConnectionTest(request: ConnectionTestRequest): Promise<Job> {
    return this.api.json('/connection-tests', {
      method: 'POST',
      body: request,
    });
  }

  getConnectionTest(id: string): Promise<ConnectionTest> {
    return this.api.json(`/connection-tests/${enc(id)}`);
  }

  async connectionTestEventsUrl(id: string): Promise<string> {
    return `${await this.api.baseUrl()}/connection-tests/${enc(id)}/events`;
  }

  async clustersOfMachine(ip: string): Promise<string[]> {
    try {
      const [entry] = await this.clusters.json<Array<{ clusters: string[] }>>(
        '/ip-lookup',
        { method: 'POST', body: { ips: [ip] } },
      );
      return entry?.clusters ?? [];
    } catch (error) {
      // An app without the clusters plugin: no clusters to be a node of.
      if (errorStatus(error) === 404) return [];
      throw error;
    }
  }

  async removeFromClusters(ip: string, clusterNames: string[]): Promise<void> {
    for (const name of clusterNames) {
      const cluster = await this.clusters.json<ClusterTopology>(
        `/clusters/by-name/${enc(name)}`,
      );
      const others = cluster.nodes.filter(node => node.ip !== ip);
      await this.clusters.json(`/clusters/${enc(cluster.id)}/topology`, {
        method: 'PUT',
        body: {
          masters: others.filter(n => n.role === 'master').map(n => n.ip),
          workers: others.filter(n => n.role === 'worker').map(n => n.ip),
          loadBalancerIp: cluster.loadBalancerIp,
          expectedUpdatedAt: cluster.updatedAt,
        },
      });
    }
  }
}

/** What this client reads of a cluster (the clusters plugin's `Cluster`) to change its nodes. */
type ClusterTopology = {
  id: string;
  nodes: Array<{ ip: string; role: string }>;
  loadBalancerIp: string | null;
  updatedAt: string;
};

function enc(id: string) {
  return encodeURIComponent(id);
}
