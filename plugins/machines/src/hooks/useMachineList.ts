import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ListMachinesQuery,
  MachineList,
} from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../api';

/**
 * One page of machines for a query. While a new page loads, the previous one
 * stays on screen, so typing in the search box does not make the table flicker.
 */
export function useMachineList(query: ListMachinesQuery) {
  const api = useApi(machinesApiRef);
  const [value, setValue] = useState<MachineList>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [reloads, setReloads] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(query);

  useEffect(() => {
    const mine = ++latest.current;
    setLoading(true);
    api.listMachines(JSON.parse(key)).then(
      list => {
        if (mine !== latest.current) return;
        setValue(list);
        setError(undefined);
        setLoading(false);
      },
      e => {
        if (mine !== latest.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [api, key, reloads]);

  return {
    value,
    error,
    loading,
    reload: () => setReloads(n => n + 1),
  };
}
