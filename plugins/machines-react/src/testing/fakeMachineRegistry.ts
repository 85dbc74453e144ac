import { machinesApiRef, type MachinesApi } from '@opssight/plugin-machines';
import type { Machine } from '@opssight/plugin-machines-common';

export function makeMachine(overrides: Partial<Machine> = {}): Machine {
  return {
    id: 'm1',
    ip: '10.0.0.1',
    hostname: 'web-1',
    application: 'shop',
    sshPort: 22,
    sshUser: 'deploy',
    description: '',
    groups: [],
    tags: [],
    owner: 'group:default/platform-team',
    hostKeyFingerprint: 'SHA256:pinned',
    defaultCredentialId: null,
    lastCheck: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const unused = async (): Promise<never> => {
  throw new Error('not used by the terminal');
};

/** The machines API the terminal reads: one machine by id, and a searchable list. */
export function fakeMachinesApi(machines: Machine[]) {
  const api = {
    getMachine: jest.fn(async (id: string) => {
      const machine = machines.find(m => m.id === id);
      if (!machine) throw new Error(`no machine ${id}`);
      return machine;
    }),
    listMachines: jest.fn(async (query: { q?: string } = {}) => {
      const items = machines.filter(
        m => !query.q || m.hostname.includes(query.q) || m.ip.includes(query.q),
      );
      return { items, totalCount: items.length };
    }),
  };
  const full: MachinesApi = {
    ...api,
    createMachine: unused,
    updateMachine: unused,
    deleteMachine: unused,
    forgetHostKey: unused,
    bulkImport: unused,
    listGroups: unused,
    createGroup: unused,
    updateGroup: unused,
    deleteGroup: unused,
    listTags: unused,
    startConnectionTest: unused,
    getConnectionTest: unused,
    clustersOfMachine: unused,
    removeFromClusters: unused,
  };
  return { api, pair: [machinesApiRef, full] as const };
}
