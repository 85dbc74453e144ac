import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Autocomplete from '@mui/material/Autocomplete';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { machinesApiRef } from '@opssight/plugin-machines';
import type { Machine } from '@opssight/plugin-machines-common';
import { errorMessage } from '../../api';

/** A machine, searched on the server by IP, host name or application as one types. */
export function MachinePicker(props: {
  value: Machine | null;
  onChange: (machine: Machine | null) => void;
  label?: string;
  size?: 'small' | 'medium';
  sx?: TextFieldProps['sx'];
}) {
  const { value, onChange, label = 'Machine', size, sx } = props;
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
        limit: 20,
        orderBy: 'hostname',
        order: 'asc',
      }),
    [api, q],
  );

  return (
    <Autocomplete
      options={options.value?.items ?? []}
      loading={options.loading}
      value={value}
      onChange={(_e, machine) => onChange(machine)}
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
      noOptionsText={
        options.error
          ? `Could not load machines: ${errorMessage(options.error)}`
          : 'No machine matches'
      }
      size={size}
      sx={sx}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          placeholder="IP, host name or application"
          InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
        />
      )}
    />
  );
}

function optionLabel(machine: Machine) {
  return `${machine.hostname} (${machine.ip})`;
}
