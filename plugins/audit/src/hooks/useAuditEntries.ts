import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AuditActionList } from '@opssight/plugin-audit-common';
import { auditApiRef, type AuditEntryPageQuery } from '../api';

/**
 * One page of the trail's actions (one item per action, with its outcome) for a query, or nothing while the query is `undefined`
 * (filters the server would refuse). While a new page loads the previous one
 * stays on screen, so typing a filter does not make the table flicker.
 */
export function useAuditEntries(query: AuditEntryPageQuery | undefined) {
  const api = useApi(auditApiRef);
  const [value, setValue] = useState<AuditActionList>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [reloads, setReloads] = useState(0);
  const latest = useRef(0);
  const key = query ? JSON.stringify(query) : undefined;

  useEffect(() => {
    const mine = ++latest.current;
    if (!key) {
      setLoading(false);
      return;
    }
    setLoading(true);
    api.listActions(JSON.parse(key)).then(
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
