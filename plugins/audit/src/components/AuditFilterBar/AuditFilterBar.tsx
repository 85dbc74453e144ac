import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import ListSubheader from '@mui/material/ListSubheader';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { DateRangeFields, dateRangeQuery } from '@opssight/plugin-api-react';
import {
  AUDIT_OUTCOMES,
  type AuditActionName,
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
  const dates = dateRangeQuery(values);
  if ('error' in dates) return dates;
  return { filter: { ...filter, ...dates.range } };
}

/** A select of the bar, its first choice "Any" (no filter). */
function AnySelect(props: Omit<TextFieldProps, 'select'>) {
  const { children, ...field } = props;
  return (
    <TextField select size="small" fullWidth {...field}>
      <MenuItem value="">Any</MenuItem>
      {children}
    </TextField>
  );
}

function option(value: string, key = value) {
  return (
    <MenuItem key={key} value={value}>
      {value}
    </MenuItem>
  );
}

/** The filters of the trail, in a grid that keeps every field its width at any window size. */
export function AuditFilterBar(props: {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  errors?: { to?: string };
  /** The plugin and action pairs that occur in the trail. */
  actionNames?: AuditActionName[];
}) {
  const { values, onChange, errors, actionNames = [] } = props;
  const set = (key: keyof AuditFilterValues, value: string) =>
    onChange({ ...values, [key]: value });
  const filtering = Object.values(values).some(v => v !== '');
  const textField = (
    key: 'actor' | 'target',
    label: string,
    placeholder: string,
  ) => (
    <TextField
      size="small"
      label={label}
      placeholder={placeholder}
      value={values[key]}
      onChange={e => set(key, e.target.value)}
      fullWidth
    />
  );
  const plugins = [...new Set(actionNames.map(n => n.plugin))].sort();
  // Actions of the chosen plugin, else all of them by plugin; a value set
  // elsewhere (a link) stays selectable.
  const shown = actionNames.filter(
    n => !values.plugin || n.plugin === values.plugin,
  );
  const actionItems: JSX.Element[] = [];
  let lastPlugin: string | undefined;
  for (const { plugin, action } of shown) {
    if (!values.plugin && plugin !== lastPlugin) {
      actionItems.push(
        <ListSubheader key={`plugin-${plugin}`}>{plugin}</ListSubheader>,
      );
      lastPlugin = plugin;
    }
    actionItems.push(option(action, `${plugin}/${action}`));
  }
  if (values.action && !shown.some(n => n.action === values.action)) {
    actionItems.push(option(values.action, 'current'));
  }
  const pluginItems = [...plugins];
  if (values.plugin && !pluginItems.includes(values.plugin)) {
    pluginItems.push(values.plugin);
  }

  return (
    <Box
      data-testid="audit-filters"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(210px, 1fr))',
        gap: 1.5,
        alignItems: 'start',
      }}
    >
      {textField('actor', 'Actor', 'user:default/jane')}
      <AnySelect
        label="Plugin"
        value={values.plugin}
        onChange={e =>
          // An action of another plugin would match nothing.
          onChange({
            ...values,
            plugin: e.target.value,
            action:
              e.target.value &&
              !actionNames.some(
                n => n.plugin === e.target.value && n.action === values.action,
              )
                ? ''
                : values.action,
          })
        }
      >
        {pluginItems.map(plugin => option(plugin))}
      </AnySelect>
      <AnySelect
        label="Action"
        value={values.action}
        onChange={e => set('action', e.target.value)}
        SelectProps={{ MenuProps: { PaperProps: { sx: { maxHeight: 420 } } } }}
      >
        {actionItems}
      </AnySelect>
      {textField('target', 'Target', 'exact target')}
      <AnySelect
        label="Outcome"
        value={values.outcome}
        onChange={e => set('outcome', e.target.value)}
      >
        {AUDIT_OUTCOMES.map(outcome => option(outcome))}
      </AnySelect>
      <DateRangeFields
        from={values.from}
        to={values.to}
        onChange={change => onChange({ ...values, ...change })}
        errors={errors}
        fullWidth
      />
      {(values.requestId || filtering) && (
        <Stack
          direction="row"
          spacing={1}
          alignItems="center"
          sx={{ minHeight: 40, minWidth: 0 }}
        >
          {values.requestId && (
            <Chip
              label={`Request ${values.requestId}`}
              onDelete={() => set('requestId', '')}
              sx={{ fontFamily: 'monospace', minWidth: 0 }}
            />
          )}
          {filtering && (
            <Button
              onClick={() => onChange(EMPTY_FILTERS)}
              sx={{ flexShrink: 0 }}
            >
              Clear filters
            </Button>
          )}
        </Stack>
      )}
    </Box>
  );
}
