import { FormEvent, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useApi } from '@backstage/frontend-plugin-api';
import type { LocalUser } from '@opssight/plugin-access-common';
import { accessApiRef, errorMessage } from '../../api';
import { PasswordField } from '../PasswordField';
import { serverFieldErrors } from '../UserFormDialog';

/** Sets a password chosen by the admin, which the user must change at next sign-in. */
export function ResetPasswordDialog(props: {
  user: LocalUser;
  onClose: () => void;
  onReset: (user: LocalUser) => void;
}) {
  const { user, onClose, onReset } = props;
  const api = useApi(accessApiRef);
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!password) return;
    setSaving(true);
    setFormError(undefined);
    try {
      onReset(await api.resetPassword(user.username, password));
    } catch (e) {
      const message = errorMessage(e);
      const byField = serverFieldErrors(message, ['password']);
      if (byField) {
        setFieldError(byField.password);
      } else {
        setFormError(message);
      }
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="reset-password-title"
    >
      <form onSubmit={submit} noValidate autoComplete="off">
        <DialogTitle id="reset-password-title">
          Reset the password of {user.username}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} useFlexGap sx={{ pt: 1 }}>
            <Alert severity="warning" variant="outlined">
              Resetting signs {user.username} out everywhere. They must choose
              their own password at next sign-in.
            </Alert>
            <PasswordField
              initialFocus
              label="New password"
              value={password}
              onChange={value => {
                setPassword(value);
                setFieldError(undefined);
                setFormError(undefined);
              }}
              error={
                fieldError ??
                (submitted && !password ? 'is required' : undefined)
              }
              helperText="At least 12 characters. Hand it over safely."
            />
            {formError && <Alert severity="error">{formError}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={saving}>
            {saving ? 'Resetting…' : 'Reset password'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
