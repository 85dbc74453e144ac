import MenuItem from '@mui/material/MenuItem';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { errorMessage } from '../../api';
import {
  credentialLabel,
  type LoginCredentials,
} from '../../hooks/useLoginCredentials';

/** Why the list of credentials may be short, for a field's helper text. */
export function credentialsProblem(
  credentials: LoginCredentials,
): string | undefined {
  if (credentials.error) {
    return `Could not load credentials: ${errorMessage(credentials.error)}`;
  }
  if (!credentials.loading && credentials.usable.length === 0) {
    return 'The vault has no SSH key or password that you may use';
  }
  return undefined;
}

/**
 * A vault credential to log in to machines with. `choices` come first (none,
 * each machine's default); a value that is none of the user's usable
 * credentials (another user's personal key set as a machine's default) stays
 * selectable, so saving a form does not drop it.
 */
export function CredentialSelect(
  props: {
    credentials: LoginCredentials;
    choices: Array<{ value: string; label: string }>;
    value: string;
    onChange: (value: string) => void;
  } & Omit<TextFieldProps, 'value' | 'onChange' | 'select' | 'children'>,
) {
  const { credentials, choices, value, onChange, ...field } = props;
  const known =
    choices.some(c => c.value === value) ||
    credentials.usable.some(c => c.id === value);
  const other = credentials.visible.find(c => c.id === value);
  let otherLabel = `A credential you cannot see (${value})`;
  if (credentials.loading) {
    otherLabel = 'Loading credentials…';
  } else if (other) {
    otherLabel = `${other.name} (you may not use it)`;
  }

  return (
    <TextField
      {...field}
      select
      value={value}
      onChange={e => onChange(e.target.value)}
      // Every value has a label, the empty one ('None') included.
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      {choices.map(choice => (
        <MenuItem key={choice.value} value={choice.value}>
          {choice.label}
        </MenuItem>
      ))}
      {credentials.usable.map(credential => (
        <MenuItem key={credential.id} value={credential.id}>
          {credentialLabel(credential)}
        </MenuItem>
      ))}
      {!known && <MenuItem value={value}>{otherLabel}</MenuItem>}
    </TextField>
  );
}
