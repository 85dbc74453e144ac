import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import {
  AUDIT_OUTCOMES,
  type AuditEntryFilter,
  type AuditOutcome,
} from '@opssight/plugin-audit-common';

/** The filter bar as typed: text, and `datetime-local` values in the browser's zone. */
export interface AuditFilterValues {
  actor: string;
  action: string;
  target: string;
  plugin: string;
  outcome: AuditOutcome | '';
  from: string;
  to: string;
  requestId: string;
}

export const EMPTY_FILTERS: AuditFilterValues = {
  actor: '',
  action: '',
  target: '',
  plugin: '',
  outcome: '',
  from: '',
  to: '',
  requestId: '',
};

/** A `datetime-local` value (local wall time) as an ISO UTC instant. */
function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/**
 * The filters to send, or the field that is wrong: the server refuses a range
 * whose end is not after its start, so it is not asked.
 */
export function toAuditFilter(
  values: AuditFilterValues,
): { filter: AuditEntryFilter } | { error: { to: string } } {
  const filter: AuditEntryFilter = {};
  for (const key of [
    'actor',
    'action',
    'target',
    'plugin',
    'requestId',
  ] as const) {
    const text = values[key].trim();
    if (text) filter[key] = text;
  }
  if (values.outcome) filter.outcome = values.outcome;
  const from = localToIso(values.from);
  const to = localToIso(values.to);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (from && to && from >= to) {
    return { error: { to: 'must be later than From' } };
  }
  return { filter };
}

const TEXT_FILTERS = [
  { key: 'actor', label: 'Actor', placeholder: 'user:default/jane' },
  { key: 'action', label: 'Action', placeholder: 'machine-create' },
  { key: 'target', label: 'Target', placeholder: 'exact target' },
  { key: 'plugin', label: 'Plugin', placeholder: 'machines' },
] as const;

/** Filters of the trail; text filters match exactly, as the API does. */
export function AuditFilterBar(props: {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  errors?: { to?: string };
}) {
  const { values, onChange, errors } = props;
  const set = (key: keyof AuditFilterValues, value: string) =>
    onChange({ ...values, [key]: value });
  const filtering = Object.values(values).some(v => v !== '');

  return (
    <Stack
      direction="row"
      spacing={1.5}
      alignItems="flex-start"
      useFlexGap
      flexWrap="wrap"
    >
      {TEXT_FILTERS.map(({ key, label, placeholder }) => (
        <TextField
          key={key}
          size="small"
          label={label}
          placeholder={placeholder}
          value={values[key]}
          onChange={e => set(key, e.target.value)}
          sx={{ flex: '1 1 140px' }}
        />
      ))}
      <TextField
        select
        size="small"
        label="Outcome"
        value={values.outcome}
        onChange={e => set('outcome', e.target.value)}
        sx={{ flex: '1 1 120px' }}
      >
        <MenuItem value="">Any</MenuItem>
        {AUDIT_OUTCOMES.map(outcome => (
          <MenuItem key={outcome} value={outcome}>
            {outcome}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        size="small"
        type="datetime-local"
        label="From"
        value={values.from}
        onChange={e => set('from', e.target.value)}
        InputLabelProps={{ shrink: true }}
        sx={{ flex: '1 1 220px' }}
      />
      <TextField
        size="small"
        type="datetime-local"
        label="To"
        value={values.to}
        onChange={e => set('to', e.target.value)}
        InputLabelProps={{ shrink: true }}
        error={!!errors?.to}
        helperText={errors?.to}
        sx={{ flex: '1 1 220px' }}
      />
      {values.requestId && (
        <Chip
          label={`Request ${values.requestId}`}
          onDelete={() => set('requestId', '')}
          sx={{ alignSelf: 'center', fontFamily: 'monospace' }}
        />
      )}
      {filtering && (
        <Button
          onClick={() => onChange(EMPTY_FILTERS)}
          sx={{ alignSelf: 'center' }}
        >
          Clear filters
        </Button>
      )}
    </Stack>
  );
}
