import { useEffect, useState } from 'react';

/**
 * The current time, ticking every `intervalMs` while `active`: for countdowns,
 * running durations and "5 min ago" that stay true while the page is open.
 *
 * @public
 */
export function useNow(active = true, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
