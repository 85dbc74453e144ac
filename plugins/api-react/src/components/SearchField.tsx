import InputAdornment from '@mui/material/InputAdornment';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import SearchIcon from '@mui/icons-material/Search';

/**
 * The small search box above a list, with its magnifier. Debouncing is the
 * page's: some search as they filter in the browser, some ask the server.
 *
 * @public
 */
export function SearchField(
  props: Omit<TextFieldProps, 'onChange' | 'value'> & {
    value: string;
    onChange: (text: string) => void;
    /** Defaults to 260 px. */
    minWidth?: number;
  },
) {
  const { value, onChange, minWidth = 260, sx, InputProps, ...rest } = props;
  return (
    <TextField
      size="small"
      {...rest}
      value={value}
      onChange={e => onChange(e.target.value)}
      sx={{ minWidth, ...sx }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
        ...InputProps,
      }}
    />
  );
}
