import TextField from '@mui/material/TextField';
import type { SxProps, Theme } from '@mui/material/styles';

/** A `datetime-local` value (local wall time) as an ISO UTC instant; undefined when blank or unreadable. */
function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/**
 * From and To as the filters send them (ISO instants, only those set), or the
 * problem of To: a range whose end is not after its start finds nothing, and
 * the servers refuse it, so it is not asked.
 *
 * @public
 */
export function dateRangeQuery(range: {
  from: string;
  to: string;
}): { range: { from?: string; to?: string } } | { error: { to: string } } {
  const from = localToIso(range.from);
  const to = localToIso(range.to);
  if (from && to && from >= to) {
    return { error: { to: 'must be later than From' } };
  }
  return {
    range: { ...(from && { from }), ...(to && { to }) },
  };
}

/** One field of the range changed. */
type DateRangeChange = { from: string } | { to: string };

/**
 * From and To of a filter bar: `datetime-local` fields in the browser's time
 * zone, To showing its problem (see {@link dateRangeQuery}).
 *
 * @public
 */
export function DateRangeFields(props: {
  from: string;
  to: string;
  onChange: (change: DateRangeChange) => void;
  errors?: { to?: string };
  /** Each field's own styling (its width in the bar). */
  sx?: SxProps<Theme>;
  fullWidth?: boolean;
}) {
  const { onChange, errors, sx, fullWidth } = props;
  const fields = [
    { key: 'from', label: 'From', error: undefined },
    { key: 'to', label: 'To', error: errors?.to },
  ] as const;
  return (
    <>
      {fields.map(({ key, label, error }) => (
        <TextField
          key={key}
          size="small"
          type="datetime-local"
          label={label}
          value={props[key]}
          onChange={e => onChange({ [key]: e.target.value } as DateRangeChange)}
          InputLabelProps={{ shrink: true }}
          error={!!error}
          helperText={error}
          sx={sx}
          fullWidth={fullWidth}
        />
      ))}
    </>
  );
}
