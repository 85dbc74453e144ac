import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { accessApiRef, errorStatus } from '../../api';
import {
  usePasswordChange,
  type PasswordField,
} from '../../hooks/usePasswordChange';

const POLICY =
  'At least 12 characters; not your username, a common default or your previous password.';

/**
 * The signed-in user changes their own password: current, new, and the new
 * one again. The session it is made from stays; every other one ends.
 */
export function ChangePasswordCard() {
  const api = useApi(accessApiRef);
  const me = useAsync(() => api.getMe(), [api]);
  const [changed, setChanged] = useState(false);
  const form = usePasswordChange(async (currentPassword, newPassword) => {
    await api.changeMyPassword(currentPassword, newPassword);
    form.clear();
    setChanged(true);
  });
  const { values, errors, failure } = form;

  if (me.loading) {
    return <Progress />;
  }
  if (errorStatus(me.error) === 404) {
    return (
      <InfoCard title="Password">
        <Typography>
          You signed in with another provider; your password is managed there.
        </Typography>
      </InfoCard>
    );
  }

  const set = (field: PasswordField) => (value: string) => {
    form.setValue(field, value);
    form.clearError(field);
    setChanged(false);
  };

  const submit = (event: FormEvent) => {
    setChanged(false);
    return form.submit(event);
  };

  const field = (
    name: PasswordField,
    label: string,
    autoComplete: string,
    helperText?: string,
  ) => (
    <TextField
      label={label}
      type="password"
      name={name}
      required
      autoComplete={autoComplete}
      value={values[name]}
      onChange={e => set(name)(e.target.value)}
      error={!!errors[name]}
      helperText={errors[name] ?? helperText}
    />
  );

  return (
    <InfoCard title="Change password">
      <form onSubmit={submit} noValidate aria-label="Change password">
        <Stack spacing={2} sx={{ maxWidth: 480 }}>
          {me.value && (
            <Typography variant="body2" color="text.secondary">
              Signed in as {me.value.username}. Your other sessions end when the
              password changes; this one stays.
            </Typography>
          )}
          {changed && (
            <Alert severity="success" role="status">
              Password changed. Your other sessions have ended.
            </Alert>
          )}
          {failure && (
            <Alert severity="error" role="alert">
              {failure}
            </Alert>
          )}
          {field('currentPassword', 'Current password', 'current-password')}
          {field('newPassword', 'New password', 'new-password', POLICY)}
          {field('confirmation', 'Confirm new password', 'new-password')}
          <div>
            <Button type="submit" variant="contained" disabled={!form.ready}>
              {form.busy ? 'Changing…' : 'Change password'}
            </Button>
          </div>
        </Stack>
      </form>
    </InfoCard>
  );
}
