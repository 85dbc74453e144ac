/** `alice` of `user:default/alice`; a schedule's trigger reads "a schedule". */
export function who(ref: string | null | undefined): string {
  if (!ref) return 'someone';
  if (ref.startsWith('schedule:')) return 'a schedule';
  const name = ref.split('/').pop() ?? ref;
  return name.includes(':') ? name.split(':').pop()! : name;
}

/** A date and time as the user's browser writes it. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString();
}

/** Words of a list, or a dash. */
export function listed(values: string[] | undefined | null): string {
  return values && values.length ? values.join(', ') : '—';
}
