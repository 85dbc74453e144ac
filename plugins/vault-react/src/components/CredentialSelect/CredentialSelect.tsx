import MenuItem from '@mui/material/MenuItem';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { errorMessage } from '@opssight/plugin-api-react';
import {
  credentialLabel,
  type LoginCredentials,
} from '../../hooks/useLoginCredentials';

/** Why the list of credentials may be short, for a field's helper text. */
export function credentialsProblem(
  credentials: LoginCredentials,
  options: { sharedOnly?: boolean } = {},
): string | undefined {
  if (credentials.error) {
    return `Could not load credentials: ${errorMessage(credentials.error)}`;
  }
  if (
    !credentials.loading &&
    offered(credentials, options.sharedOnly).length === 0
  ) {
    return options.sharedOnly
      ? 'The vault has no shared SSH key or password: an admin adds them on the Vault page'
      : 'The vault has no SSH key or password that you may use';
  }
  return undefined;
}

function offered(credentials: LoginCredentials, sharedOnly?: boolean) {
  return sharedOnly
    ? credentials.usable.filter(c => c.scope === 'shared')
    : credentials.usable;
}

/**
 * A vault credential to log in to machines with. `choices` come first (none,
 * each machine's default); a value that is none of the offered credentials
 * (another user's personal key set as a machine's default before defaults had
 * to be shared) stays shown by name, so the form says what it is.
 * `sharedOnly` offers shared credentials only: a machine's default is used by
 * everyone who tests the machine or opens a terminal on it.
 */
export function CredentialSelect(
  props: {
    credentials: LoginCredentials;
    choices: Array<{ value: string; label: string }>;
    value: string;
    onChange: (value: string) => void;
    sharedOnly?: boolean;
  } & Omit<TextFieldProps, 'value' | 'onChange' | 'select' | 'children'>,
) {
  const { credentials, choices, value, onChange, sharedOnly, ...field } = props;
  const list = offered(credentials, sharedOnly);
  const known =
    choices.some(c => c.value === value) || list.some(c => c.id === value);
  const other = credentials.visible.find(c => c.id === value);
  let otherLabel = 'A credential you cannot see';
  if (credentials.loading) {
    otherLabel = 'Loading credentials…';
  } else if (other && sharedOnly && other.scope !== 'shared') {
    otherLabel = `${other.name} (personal: pick a shared one)`;
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
      {list.map(credential => (
        <MenuItem key={credential.id} value={credential.id}>
          {credentialLabel(credential)}
        </MenuItem>
      ))}
      {/* Nothing picked yet is no mystery credential: the field is empty. */}
      {!known && value !== '' && (
        <MenuItem value={value}>{otherLabel}</MenuItem>
      )}
    </TextField>
  );
}
