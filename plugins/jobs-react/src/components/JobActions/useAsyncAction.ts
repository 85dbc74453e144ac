import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '@opssight/plugin-api-react';

/** Runs a callback that may return a promise: busy until it settles, its error kept to show. */
export function useAsyncAction(action: () => Promise<void> | void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      if (mounted.current) setError(errorMessage(e));
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, [action]);

  return { run, busy, error };
}
