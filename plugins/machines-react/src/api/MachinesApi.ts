import { createApiRef } from '@backstage/frontend-plugin-api';
import type { Job, JobTarget } from '@opssight/plugin-jobs-common';
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

/** A tag in use, with how many machines carry it. */
export interface MachineTag {
  name: string;
  machineCount: number;
}

/**
 * A connection test: a job of kind `connection-test`, one target per machine
 * (keyed by machine id; `connectionResultOf(target)` is its result).
 */
export interface ConnectionTest {
  job: Job;
  targets: JobTarget[];
}

/** The machines backend, one method per operation of its OpenAPI contract. */
export interface MachinesApi {
  listMachines(query?: ListMachinesQuery): Promise<MachineList>;
  getMachine(id: string): Promise<Machine>;
  createMachine(input: MachineInput): Promise<Machine>;
  updateMachine(id: string, input: MachineInput): Promise<Machine>;
  deleteMachine(id: string): Promise<void>;
  /** Forget the pinned host key; the next successful test pins the key it sees. */
  forgetHostKey(id: string): Promise<Machine>;
  /** Lines of `ip,hostname,application,groups,tags`, as pasted or read from a CSV file. */
  bulkImport(text: string): Promise<BulkAddResult>;
  listGroups(): Promise<MachineGroup[]>;
  createGroup(input: GroupInput): Promise<MachineGroup>;
  updateGroup(id: string, input: GroupInput): Promise<MachineGroup>;
  /** Deletes the group only; its machines stay. */
  deleteGroup(id: string): Promise<void>;
  listTags(): Promise<MachineTag[]>;
  /** Queues a connection test; follow it with {@link MachinesApi.connectionTestEventsUrl}. */
  startConnectionTest(request: ConnectionTestRequest): Promise<Job>;
  getConnectionTest(id: string): Promise<ConnectionTest>;
  /** Where the test's Server-Sent Events are, for `useJobEvents` of jobs-react. */
  connectionTestEventsUrl(id: string): Promise<string>;
  /**
   * The names of the clusters the machine at `ip` is a node of, from the
   * clusters plugin; none in an app without it. A machine that is a node
   * cannot be deleted until it leaves them.
   */
  clustersOfMachine(ip: string): Promise<string[]>;
  /** Removes the node at `ip` from each named cluster, as the user (the clusters plugin decides). */
  removeFromClusters(ip: string, clusterNames: string[]): Promise<void>;
}

export const machinesApiRef = createApiRef<MachinesApi>({
  id: 'plugin.machines.api',
});
