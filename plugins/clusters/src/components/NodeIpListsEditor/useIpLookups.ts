import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { IpLookup } from '@opssight/plugin-clusters-common';

export const LOOKUP_DELAY_MS = 400;

export interface IpLookups {
  /** What the registry said of each IP looked up so far. */
  results: ReadonlyMap<string, IpLookup>;
  /** IPs asked for (or about to be) without an answer yet. */
  pending: ReadonlySet<string>;
  error?: Error;
  retry(): void;
}

/**
 * Looks up what the registry knows of `ips` (valid, normalized), once the
 * user pauses typing. Answers are kept for the editor's life: an IP removed
 * and added again is not asked for twice.
 */
export function useIpLookups(
  ips: string[],
  lookup: (ips: string[]) => Promise<IpLookup[]>,
  delayMs = LOOKUP_DELAY_MS,
): IpLookups {
  const [results, setResults] = useState<ReadonlyMap<string, IpLookup>>(
    () => new Map(),
  );
  const [error, setError] = useState<Error>();
  const [attempt, setAttempt] = useState(0);
  // The caller's function may be new on every render; the request must not restart for that.
  const lookupRef = useRef(lookup);
  lookupRef.current = lookup;
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const missing = useMemo(
    () => [...new Set(ips)].filter(ip => !results.has(ip)).sort(),
    [ips, results],
  );
  const missingKey = missing.join(' ');

  useEffect(() => {
    if (!missingKey) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      lookupRef.current(missingKey.split(' ')).then(
        found => {
          // Facts about IPs stay true when the lists moved on meanwhile: keep them.
          if (!mounted.current) return;
          if (current) setError(undefined);
          setResults(previous => {
            const next = new Map(previous);
            for (const entry of found) next.set(entry.ip, entry);
            return next;
          });
        },
        e => {
          if (mounted.current && current) setError(e);
        },
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [missingKey, delayMs, attempt]);

  const retry = useCallback(() => setAttempt(n => n + 1), []);
  const pending = useMemo(() => new Set(missing), [missing]);
  return { results, pending, error, retry };
}
