import { FormEvent, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Grid from '@mui/material/Grid';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ROLES,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
  type LocalUser,
  type Role,
} from '@opssight/plugin-access-common';
import {
  accessApiRef,
  errorMessage,
  type LocalUserProfile,
  type NewLocalUser,
} from '../../api';
import { PasswordField } from '../PasswordField';
import { ROLE_DESCRIPTIONS } from '../UserChips';
import { serverFieldErrors } from './serverFieldErrors';

interface FormValues {
  username: string;
  displayName: string;
  email: string;
  role: Role;
  password: string;
}

type Field = keyof FormValues;

const CREATE_FIELDS: Field[] = [
  'username',
  'displayName',
  'email',
  'role',
  'password',
];
const EDIT_FIELDS: Field[] = ['displayName', 'email', 'role'];

function initialValues(user?: LocalUser): FormValues {
  return {
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    role: user?.role ?? 'viewer',
    password: '',
  };
}

/**
 * What can be told before asking the server: missing fields and the username's
 * shape. The server checks everything again, the password policy included.
 */
function clientErrors(
  values: FormValues,
  editing: boolean,
): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  if (!editing) {
    const username = values.username.trim().toLowerCase();
    if (!username) {
      out.username = 'is required';
    } else if (username.length > USERNAME_MAX_LENGTH) {
      out.username = `must be at most ${USERNAME_MAX_LENGTH} characters`;
    } else if (!USERNAME_PATTERN.test(username)) {
      out.username =
        "may contain only a-z, 0-9 and single '.', '_' or '-' between them";
    }
    if (!values.password) out.password = 'is required';
  }
  if (editing && !values.displayName.trim()) {
    out.displayName = 'must not be empty';
  }
  return out;
}

function toNewUser(values: FormValues): NewLocalUser {
  const displayName = values.displayName.trim();
  const email = values.email.trim();
  return {
    username: values.username.trim().toLowerCase(),
    ...(displayName && { displayName }),
    ...(email && { email }),
    role: values.role,
    password: values.password,
  };
}

function toProfile(values: FormValues): LocalUserProfile {
  return {
    displayName: values.displayName.trim(),
    email: values.email.trim() || null,
    role: values.role,
  };
}

/** Add a local account, or change one's profile and role when `user` is given. */
export function UserFormDialog(props: {
  user?: LocalUser;
  onClose: () => void;
  onSaved: (user: LocalUser) => void;
}) {
  const { user, onClose, onSaved } = props;
  const editing = !!user;
  const api = useApi(accessApiRef);
  const [values, setValues] = useState<FormValues>(() => initialValues(user));
  const [dirty, setDirty] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<
    Partial<Record<Field, string>>
  >({});
  const [formError, setFormError] = useState<string>();

  const invalid = clientErrors(values, editing);
  const errorFor = (field: Field): string | undefined =>
    serverErrors[field] ??
    (submitted || dirty[field] ? invalid[field] : undefined);

  const set = <F extends Field>(field: F, value: FormValues[F]) => {
    setValues(v => ({ ...v, [field]: value }));
    setDirty(d => ({ ...d, [field]: true }));
    setServerErrors(({ [field]: _, ...rest }) => rest);
    setFormError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(invalid).length > 0) return;
    setSaving(true);
    setFormError(undefined);
    try {
      const saved = user
        ? await api.updateUser(user.username, toProfile(values))
        : await api.createUser(toNewUser(values));
      onSaved(saved);
    } catch (e) {
      const message = errorMessage(e);
      const byField = serverFieldErrors(
        message,
        editing ? EDIT_FIELDS : CREATE_FIELDS,
      );
      if (byField) {
        setServerErrors(byField);
      } else {
        setFormError(message);
      }
      setSaving(false);
    }
  };

  const text = (
    field: Exclude<Field, 'role' | 'password'>,
    label: string,
    { helperText, ...extra }: TextFieldProps = {},
  ) => (
    <TextField
      {...extra}
      fullWidth
      id={`user-${field}`}
      label={label}
      name={field}
      value={values[field]}
      onChange={e => set(field, e.target.value)}
      error={!!errorFor(field)}
      helperText={errorFor(field) ?? helperText}
    />
  );

  const roleChanged = !!user && values.role !== user.role;
  const title = user ? `Edit ${user.username}` : 'Add user';
  const submitLabel = user ? 'Save' : 'Add user';
  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="user-form-title"
    >
      <form onSubmit={submit} noValidate autoComplete="off">
        <DialogTitle id="user-form-title">{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} useFlexGap sx={{ pt: 1 }}>
            {!user &&
              text('username', 'Username', {
                required: true,
                autoFocus: true,
                placeholder: 'jane.doe',
                helperText:
                  "Signs in with it; lower-case a-z, 0-9 and '.', '_' or '-'. Cannot be changed later.",
                inputProps: { autoComplete: 'off', spellCheck: false },
              })}
            <Grid container spacing={2}>
              <Grid item xs={12} sm={6}>
                {text('displayName', 'Display name', {
                  required: editing,
                  autoFocus: editing,
                  helperText: editing ? undefined : 'Defaults to the username',
                })}
              </Grid>
              <Grid item xs={12} sm={6}>
                {text('email', 'Email', {
                  type: 'email',
                  helperText: 'Optional',
                  inputProps: { autoComplete: 'off', spellCheck: false },
                })}
              </Grid>
            </Grid>
            <TextField
              select
              fullWidth
              id="user-role"
              label="Role"
              value={values.role}
              onChange={e => set('role', e.target.value as Role)}
              error={!!errorFor('role')}
              helperText={
                errorFor('role') ??
                (roleChanged
                  ? `${user.username} is signed out everywhere, so the new role applies at once.`
                  : ROLE_DESCRIPTIONS[values.role])
              }
              SelectProps={{ renderValue: value => String(value) }}
            >
              {ROLES.map(role => (
                <MenuItem key={role} value={role}>
                  <ListItemText
                    primary={role}
                    secondary={ROLE_DESCRIPTIONS[role]}
                  />
                </MenuItem>
              ))}
            </TextField>
            {!user && (
              <PasswordField
                label="Initial password"
                value={values.password}
                onChange={value => set('password', value)}
                error={errorFor('password')}
                helperText="At least 12 characters. Hand it over safely: the user must change it at first sign-in."
              />
            )}
            {!user && (
              <Alert severity="info" variant="outlined">
                The user must choose their own password at first sign-in, before
                they can do anything else.
              </Alert>
            )}
            {formError && <Alert severity="error">{formError}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={saving}>
            {saving ? 'Saving…' : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
