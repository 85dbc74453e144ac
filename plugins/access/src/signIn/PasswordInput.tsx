import TextField from '@mui/material/TextField';

/**
 * A required password field of the sign-in screens. Its error, when it has
 * one, stands where its help would.
 */
export function PasswordInput(props: {
  label: string;
  name?: string;
  autoComplete: 'current-password' | 'new-password';
  autoFocus?: boolean;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  helperText?: string;
}) {
  const { error, helperText, onChange, ...field } = props;
  return (
    <TextField
      {...field}
      type="password"
      required
      onChange={e => onChange(e.target.value)}
      error={!!error}
      helperText={error ?? helperText}
    />
  );
}
