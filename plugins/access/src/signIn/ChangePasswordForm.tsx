import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import { errorMessage, toResponseError } from '@opssight/plugin-api-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormEvent, useState } from 'react';
import { LocalAuthApi } from './LocalAuthApi';
import { PasswordInput } from './PasswordInput';

type Field = 'currentPassword' | 'newPassword' | 'confirmation';

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
  const [currentPassword, setCurrentPassword] = useState(
    props.currentPassword ?? '',
  );
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    if (newPassword !== confirmation) {
      setErrors({ confirmation: 'does not match the new password' });
      return;
    }
    setBusy(true);
    try {
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
    } catch (error) {
      const message = errorMessage(error);
      const field = /^(currentPassword|newPassword): (.*)$/.exec(message);
      if (field) {
        setErrors({ [field[1]]: field[2] });
      } else {
        setFailure(message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack spacing={2}>
        <Alert severity="warning">
          Your password must be changed before you can use the portal.
        </Alert>
        {failure && (
          <Alert severity="error" role="alert">
            {failure}
          </Alert>
        )}
        {props.currentPassword === undefined || errors.currentPassword ? (
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={setCurrentPassword}
            error={errors.currentPassword}
          />
        ) : null}
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          autoFocus
          value={newPassword}
          onChange={setNewPassword}
          error={errors.newPassword}
          helperText="At least 12 characters; not your username, a common default or your previous password."
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          value={confirmation}
          onChange={setConfirmation}
          error={errors.confirmation}
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={busy || !currentPassword || !newPassword || !confirmation}
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
