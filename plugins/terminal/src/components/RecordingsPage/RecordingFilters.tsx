import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DateRangeFields, dateRangeQuery } from '@opssight/plugin-api-react';
import type { Machine } from '@opssight/plugin-machines-common';
import type { ListRecordingsQuery } from '@opssight/plugin-terminal-common';
import { MachinePicker } from '@opssight/plugin-machines-react';

/** The filters as the user sets them; times are `datetime-local` values in the browser's zone. */
export interface RecordingFilterValues {
  user: string;
  machine: Machine | null;
  from: string;
  to: string;
}

export const NO_FILTERS: RecordingFilterValues = {
  user: '',
  machine: null,
  from: '',
  to: '',
};

/** `alice` → `user:default/alice`; a full reference stays as it is. */
export function toUserRef(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(trimmed, {
        defaultKind: 'user',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return trimmed;
  }
}

/**
 * The query for one page of recordings, or the field that is wrong: a range
 * whose end is not after its start would find nothing, so it is not asked.
 */
export function recordingsQuery(
  values: RecordingFilterValues,
  page: number,
  rowsPerPage: number,
): { query: ListRecordingsQuery } | { error: { to: string } } {
  const query: ListRecordingsQuery = {
    limit: rowsPerPage,
    offset: page * rowsPerPage,
  };
  const user = toUserRef(values.user);
  if (user) query.user = user;
  if (values.machine) query.machineId = values.machine.id;
  const dates = dateRangeQuery(values);
  if ('error' in dates) return dates;
  return { query: { ...query, ...dates.range } };
}

export function isFiltering(values: RecordingFilterValues): boolean {
  return !!(values.user.trim() || values.machine || values.from || values.to);
}

/** User (for those who see everyone's), machine and time range. */
export function RecordingFilters(props: {
  values: RecordingFilterValues;
  onChange: (values: RecordingFilterValues) => void;
  showUser: boolean;
  errors?: { to?: string };
}) {
  const { values, onChange, showUser, errors } = props;
  const set = <K extends keyof RecordingFilterValues>(
    key: K,
    value: RecordingFilterValues[K],
  ) => onChange({ ...values, [key]: value });

  return (
    <Stack
      direction="row"
      spacing={1.5}
      alignItems="flex-start"
      useFlexGap
      flexWrap="wrap"
    >
      {showUser && (
        <TextField
          size="small"
          label="User"
          placeholder="alice or user:default/alice"
          value={values.user}
          onChange={e => set('user', e.target.value)}
          InputLabelProps={{ shrink: true }}
          sx={{ flex: '1 1 200px' }}
        />
      )}
      <MachinePicker
        size="small"
        value={values.machine}
        onChange={machine => set('machine', machine)}
        sx={{ flex: '1 1 240px' }}
      />
      <DateRangeFields
        from={values.from}
        to={values.to}
        onChange={change => onChange({ ...values, ...change })}
        errors={errors}
        sx={{ flex: '1 1 200px' }}
      />
      {isFiltering(values) && (
        <Button
          onClick={() => onChange(NO_FILTERS)}
          sx={{ alignSelf: 'center' }}
        >
          Clear filters
        </Button>
      )}
    </Stack>
  );
}
