import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import { toResponseError } from '@opssight/plugin-api-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { LocalAuthApi } from './LocalAuthApi';
import {
  usePasswordChange,
  type PasswordField,
} from '../hooks/usePasswordChange';
import { PasswordInput } from './PasswordInput';

/**
 * The only thing a session that must change its password can do. The change
 * is made from this session (its cookie), which stays signed in; every other
 * session of the user ends.
 */
export function ChangePasswordForm(props: {
  auth: LocalAuthApi;
  /** Known when the user has just typed it to sign in: not asked again. */
  currentPassword?: string;
  onChanged: () => void;
  onCancel: () => void;
}) {
  const discoveryApi = useApi(discoveryApiRef);
  const form = usePasswordChange(async (currentPassword, newPassword) => {
    const response = await fetch(
      `${await discoveryApi.getBaseUrl('access')}/me/password`,
      {
        method: 'POST',
        credentials: 'include',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${props.auth.current.backstageIdentity.token}`,
        },
        body: JSON.stringify({ currentPassword, newPassword }),
      },
    );
    if (!response.ok) {
      throw await toResponseError(response);
    }
    await props.auth.refresh();
    props.onChanged();
  }, props.currentPassword);
  const { values, errors, failure, busy } = form;

  const passwordInput = (
    field: PasswordField,
    label: string,
    extra?: { autoFocus?: boolean; helperText?: string },
  ) => (
    <PasswordInput
      label={label}
      autoComplete={
        field === 'currentPassword' ? 'current-password' : 'new-password'
      }
      value={values[field]}
      onChange={value => form.setValue(field, value)}
      error={errors[field]}
      {...extra}
    />
  );

  return (
    <form onSubmit={form.submit} noValidate>
      <Stack spacing={2}>
        <Alert severity="warning">
          Your password must be changed before you can use the portal.
        </Alert>
        {failure && (
          <Alert severity="error" role="alert">
            {failure}
          </Alert>
        )}
        {props.currentPassword === undefined || errors.currentPassword
          ? passwordInput('currentPassword', 'Current password')
          : null}
        {passwordInput('newPassword', 'New password', {
          autoFocus: true,
          helperText:
            'At least 12 characters; not your username, a common default or your previous password.',
        })}
        {passwordInput('confirmation', 'Confirm new password')}
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={!form.ready}
        >
          {busy ? 'Changing…' : 'Change password'}
        </Button>
        <Button onClick={props.onCancel} disabled={busy}>
          Sign out
        </Button>
        <Typography variant="body2" color="text.secondary">
          Other sessions of this account end when the password changes.
        </Typography>
      </Stack>
    </form>
  );
}
