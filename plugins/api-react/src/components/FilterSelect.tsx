import MenuItem from '@mui/material/MenuItem';
import TextField, { type TextFieldProps } from '@mui/material/TextField';

/**
 * A small select above a list that narrows it to one value (`Group`,
 * `Environment`): first the choice for no filter (value ''), then each value
 * with how many things have it, `web (12)`.
 *
 * @public
 */
export function FilterSelect(
  props: Omit<TextFieldProps, 'select' | 'value' | 'onChange' | 'children'> & {
    value: string;
    onChange: (value: string) => void;
    /** The choice for no filter, e.g. "All groups". */
    anyLabel: string;
    options: { value: string; count: number }[];
  },
) {
  const { value, onChange, anyLabel, options, ...field } = props;
  return (
    <TextField
      select
      size="small"
      sx={{ minWidth: 180 }}
      {...field}
      value={value}
      onChange={e => onChange(e.target.value)}
    >
      <MenuItem value="">{anyLabel}</MenuItem>
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.value} ({option.count})
        </MenuItem>
      ))}
    </TextField>
  );
}
