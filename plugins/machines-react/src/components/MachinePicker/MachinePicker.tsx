import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Autocomplete from '@mui/material/Autocomplete';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { errorMessage } from '@opssight/plugin-api-react';
import type { Machine } from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../../api';

/** How many matches the list offers; typing more narrows the search. */
const MATCHES_SHOWN = 50;

/** @public */
export type MachinePickerProps = {
  /** 'Machine', or 'Machines' when several may be picked. */
  label?: string;
  /** What is wrong with the pick, shown under the field. */
  error?: string;
  size?: 'small' | 'medium';
  sx?: TextFieldProps['sx'];
} & (
  | {
      multiple?: false;
      value: Machine | null;
      onChange: (machine: Machine | null) => void;
    }
  | {
      multiple: true;
      value: Machine[];
      onChange: (machines: Machine[]) => void;
    }
);

/**
 * One machine, or several with `multiple`, searched in the registry by IP,
 * host name or application as the user types.
 *
 * @public
 */
export function MachinePicker(props: MachinePickerProps) {
  const { multiple = false, error, size, sx } = props;
  const label = props.label ?? (multiple ? 'Machines' : 'Machine');
  const api = useApi(machinesApiRef);
  const [input, setInput] = useState('');
  /** What the user typed, not the label of a picked machine. */
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(typed.trim()), 250, [typed]);
  const options = useAsync(
    () =>
      api.listMachines({
        ...(q && { q }),
        limit: MATCHES_SHOWN,
        orderBy: 'hostname',
        order: 'asc',
      }),
    [api, q],
  );
  const loadProblem = options.error
    ? `Could not load machines: ${errorMessage(options.error)}`
    : undefined;

  return (
    <Autocomplete<Machine, boolean>
      multiple={multiple}
      options={options.value?.items ?? []}
      loading={options.loading}
      value={props.value}
      onChange={(_e, picked) => {
        if (props.multiple) props.onChange(Array.isArray(picked) ? picked : []);
        else props.onChange(Array.isArray(picked) ? null : picked);
      }}
      inputValue={input}
      onInputChange={(_e, text, reason) => {
        setInput(text);
        // Picking a machine puts its label in the box; that is no search.
        setTyped(reason === 'reset' ? '' : text);
      }}
      getOptionLabel={optionLabel}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      // The server has filtered already.
      filterOptions={x => x}
      noOptionsText={loadProblem ?? 'No machine matches'}
      size={size}
      sx={sx}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          placeholder="IP, host name or application"
          InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
          error={!!error}
          helperText={error ?? loadProblem}
        />
      )}
    />
  );
}

function optionLabel(machine: Machine) {
  return `${machine.hostname} (${machine.ip})`;
}
