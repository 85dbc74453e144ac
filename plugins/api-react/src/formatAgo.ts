/**
 * `just now`, `5 min ago`, `3 h ago`, `2 d ago`; with {@link useNow}'s `now`
 * it keeps up while the page is open. A time that does not parse is shown as
 * it is.
 *
 * @public
 */
export function formatAgo(iso: string, now = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}
