import { useEffect, useRef, useState } from 'react';

/**
 * What {@link useListQuery} holds: the latest answer, the error of the last
 * request if it failed, whether one is under way, and a way to ask again.
 *
 * @public
 */
export interface ListQueryState<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/**
 * One page of a list for a query, asked again whenever the query changes (by
 * its JSON). While a new page loads the previous one stays on screen, so typing
 * a filter does not make the table flicker; an answer that comes after a newer
 * question is dropped. With the query `undefined` (filters the server would
 * refuse) nothing is asked and the last page stays.
 *
 * @public
 */
export function useListQuery<Q, T>(
  load: (query: Q) => Promise<T>,
  query: Q | undefined,
): ListQueryState<T> {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [reloads, setReloads] = useState(0);
  const latest = useRef(0);
  // `load` is a new closure each render; the query's JSON says when to ask.
  const loadRef = useRef(load);
  loadRef.current = load;
  const key = query === undefined ? undefined : JSON.stringify(query);

  useEffect(() => {
    const mine = ++latest.current;
    if (key === undefined) {
      setLoading(false);
      return;
    }
    setLoading(true);
    loadRef.current(JSON.parse(key)).then(
      answer => {
        if (mine !== latest.current) return;
        setValue(answer);
        setError(undefined);
        setLoading(false);
      },
      e => {
        if (mine !== latest.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [key, reloads]);

  return {
    value,
    error,
    loading,
    reload: () => setReloads(n => n + 1),
  };
}
