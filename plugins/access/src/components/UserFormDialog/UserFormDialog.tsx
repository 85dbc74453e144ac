import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  FormTextField,
  useFormDialog,
} from '@opssight/plugin-api-react';
import {
  ROLES,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
  type LocalUser,
  type Role,
} from '@opssight/plugin-access-common';
import {
  accessApiRef,
  type LocalUserProfile,
  type NewLocalUser,
} from '../../api';
import { PasswordField } from '../PasswordField';
import { ROLE_DESCRIPTIONS } from '../UserChips';

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
  const form = useFormDialog({
    id: 'user',
    initialValues: () => initialValues(user),
    check: values => {
      const errors = clientErrors(values, editing);
      return Object.keys(errors).length > 0 ? { errors } : { data: values };
    },
    save: async values =>
      onSaved(
        user
          ? await api.updateUser(user.username, toProfile(values))
          : await api.createUser(toNewUser(values)),
      ),
    serverFields: editing ? EDIT_FIELDS : CREATE_FIELDS,
  });
  const { values } = form;

  const roleChanged = !!user && values.role !== user.role;
  return (
    <FormDialog
      form={form}
      title={user ? `Edit ${user.username}` : 'Add user'}
      submitLabel={user ? 'Save' : 'Add user'}
      onClose={onClose}
      autoComplete="off"
    >
      <Stack spacing={2.5} useFlexGap sx={{ pt: 1 }}>
        {!user && (
          <FormTextField
            form={form}
            field="username"
            label="Username"
            required
            autoFocus
            placeholder="jane.doe"
            helperText="Signs in with it; lower-case a-z, 0-9 and '.', '_' or '-'. Cannot be changed later."
            inputProps={{ autoComplete: 'off', spellCheck: false }}
          />
        )}
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <FormTextField
              form={form}
              field="displayName"
              label="Display name"
              required={editing}
              autoFocus={editing}
              helperText={editing ? undefined : 'Defaults to the username'}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <FormTextField
              form={form}
              field="email"
              label="Email"
              type="email"
              helperText="Optional"
              inputProps={{ autoComplete: 'off', spellCheck: false }}
            />
          </Grid>
        </Grid>
        <TextField
          select
          fullWidth
          id="user-role"
          label="Role"
          value={values.role}
          onChange={e => form.set('role', e.target.value as Role)}
          error={!!form.errorFor('role')}
          helperText={
            form.errorFor('role') ??
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
            onChange={value => form.set('password', value)}
            error={form.errorFor('password')}
            helperText="At least 12 characters. Hand it over safely: the user must change it at first sign-in."
          />
        )}
        {!user && (
          <Alert severity="info" variant="outlined">
            The user must choose their own password at first sign-in, before
            they can do anything else.
          </Alert>
        )}
      </Stack>
    </FormDialog>
  );
}
