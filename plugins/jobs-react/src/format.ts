/** `850 ms`, `1.2 s`, `45 s`, `12 min 3 s`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

/** Milliseconds between two ISO times, or from `from` until `now` when `to` is null. */
export function elapsedMs(
  from: string | null,
  to: string | null,
  now: number,
): number | undefined {
  if (!from) return undefined;
  const start = new Date(from).getTime();
  const end = to ? new Date(to).getTime() : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.max(0, end - start);
}

/**
 * Who started a job, in few words: `user:default/alice` is `alice`; other
 * entity refs and service subjects are shown as they are.
 */
export function formatCreatedBy(ref: string): string {
  const match = /^user:(?:default\/)?([^/:]+)$/i.exec(ref);
  return match ? match[1] : ref;
}

/** `1 host`, `3 hosts`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
