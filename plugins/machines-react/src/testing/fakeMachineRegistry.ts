import type { Machine } from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../api';
import { fakeMachinesApi } from './fakeMachinesApi';

/**
 * A registry that holds `machines`: each one by id, and a list searched by
 * host name or IP as the machine picker asks. `api`'s methods are jest mocks;
 * `pair` goes into a test app's `apis`.
 *
 * @public
 */
export function fakeMachineRegistry(machines: Machine[]) {
  const api = fakeMachinesApi({
    getMachine: async (id: string) => {
      const machine = machines.find(m => m.id === id);
      if (!machine) throw new Error(`no machine ${id}`);
      return machine;
    },
    listMachines: async (query = {}) => {
      const items = machines.filter(
        m => !query.q || m.hostname.includes(query.q) || m.ip.includes(query.q),
      );
      return { items, totalCount: items.length };
    },
  });
  return { api, pair: [machinesApiRef, api] as const };
}
