import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { useApi } from '@backstage/frontend-plugin-api';
import { FormDialog, useFormDialog } from '@opssight/plugin-api-react';
import type { LocalUser } from '@opssight/plugin-access-common';
import { accessApiRef } from '../../api';
import { PasswordField } from '../PasswordField';

/** Sets a password chosen by the admin, which the user must change at next sign-in. */
export function ResetPasswordDialog(props: {
  user: LocalUser;
  onClose: () => void;
  onReset: (user: LocalUser) => void;
}) {
  const { user, onClose, onReset } = props;
  const api = useApi(accessApiRef);
  const form = useFormDialog({
    id: 'reset-password',
    initialValues: { password: '' },
    check: ({ password }) =>
      password ? { data: password } : { errors: { password: 'is required' } },
    save: async password =>
      onReset(await api.resetPassword(user.username, password)),
    serverFields: ['password'],
  });

  return (
    <FormDialog
      form={form}
      title={`Reset the password of ${user.username}`}
      submitLabel="Reset password"
      busyLabel="Resetting…"
      onClose={onClose}
      autoComplete="off"
    >
      <Stack spacing={2.5} useFlexGap sx={{ pt: 1 }}>
        <Alert severity="warning" variant="outlined">
          Resetting signs {user.username} out everywhere. They must choose their
          own password at next sign-in.
        </Alert>
        <PasswordField
          initialFocus
          label="New password"
          value={form.values.password}
          onChange={value => form.set('password', value)}
          error={form.errorFor('password')}
          helperText="At least 12 characters. Hand it over safely."
        />
      </Stack>
    </FormDialog>
  );
}
