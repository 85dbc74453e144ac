import { useCallback, useEffect, useState } from 'react';

/** The Machines page's filters, as they appear in its URL (`?q=…&group=…&tag=…`). */
export type MachineFilters = { q: string; group: string; tag: string };

const KEYS: Array<keyof MachineFilters> = ['q', 'group', 'tag'];

function read(): MachineFilters {
  const params = new URLSearchParams(window.location.search);
  return {
    q: params.get('q') ?? '',
    group: params.get('group') ?? '',
    tag: params.get('tag') ?? '',
  };
}

/**
 * Filters kept in the page's URL, so a filtered list can be bookmarked,
 * shared and returned to. The URL is replaced in place (no history entry per
 * keystroke), keeping the router's own history state.
 */
export function useUrlFilters(): [
  MachineFilters,
  (changes: Partial<MachineFilters>) => void,
] {
  const [filters, setFilters] = useState<MachineFilters>(read);

  useEffect(() => {
    const url = new URL(window.location.href);
    for (const key of KEYS) {
      if (filters[key]) url.searchParams.set(key, filters[key]);
      else url.searchParams.delete(key);
    }
    if (url.href !== window.location.href) {
      window.history.replaceState(window.history.state, '', url.href);
    }
  }, [filters]);

  const update = useCallback(
    (changes: Partial<MachineFilters>) =>
      setFilters(current => ({ ...current, ...changes })),
    [],
  );
  return [filters, update];
}
