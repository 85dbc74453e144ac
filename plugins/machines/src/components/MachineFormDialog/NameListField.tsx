import { useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';

/**
 * Several group or tag names: pick known ones or type new ones
 * (Enter, comma or space adds the typed name; leaving the field keeps it too).
 */
export function NameListField(props: {
  label: string;
  value: string[];
  options: string[];
  onChange: (value: string[]) => void;
  error?: string;
  helperText?: string;
  disabled?: boolean;
}) {
  const { label, value, options, onChange, error, helperText, disabled } =
    props;
  const [input, setInput] = useState('');

  const add = (names: string[]) => {
    const next = [...value];
    for (const name of names.map(n => n.trim()).filter(Boolean)) {
      if (!next.includes(name)) next.push(name);
    }
    onChange(next);
  };

  return (
    <Autocomplete
      multiple
      freeSolo
      autoSelect
      disabled={disabled}
      options={options.filter(o => !value.includes(o))}
      value={value}
      inputValue={input}
      onInputChange={(_event, text, reason) => {
        if (reason === 'input' && /[,;\s]/.test(text)) {
          add(text.split(/[,;\s]+/));
          setInput('');
          return;
        }
        setInput(text);
      }}
      onChange={(_event, next) => {
        onChange(
          (next as string[])
            .map(n => n.trim())
            .filter((n, i, all) => n && all.indexOf(n) === i),
        );
      }}
      renderTags={(names, getTagProps) =>
        names.map((name, index) => {
          const { key, ...tagProps } = getTagProps({ index });
          return <Chip key={key} size="small" label={name} {...tagProps} />;
        })
      }
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          error={!!error}
          helperText={error ?? helperText}
        />
      )}
    />
  );
}
