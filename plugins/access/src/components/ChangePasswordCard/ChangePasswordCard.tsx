import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { fieldErrorsFromMessage } from '@opssight/plugin-api-react';
import { accessApiRef, errorMessage, errorStatus } from '../../api';

const FIELDS = ['currentPassword', 'newPassword', 'confirmation'] as const;
type Field = (typeof FIELDS)[number];

const POLICY =
  'At least 12 characters; not your username, a common default or your previous password.';

/**
 * The signed-in user changes their own password: current, new, and the new
 * one again. The session it is made from stays; every other one ends.
 */
export function ChangePasswordCard() {
  const api = useApi(accessApiRef);
  const me = useAsync(() => api.getMe(), [api]);
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    confirmation: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [changed, setChanged] = useState(false);
  const [busy, setBusy] = useState(false);

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

  const set = (field: Field) => (value: string) => {
    setValues(v => ({ ...v, [field]: value }));
    setErrors(e => ({ ...e, [field]: undefined }));
    setChanged(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setChanged(false);
    if (values.newPassword !== values.confirmation) {
      setErrors({ confirmation: 'does not match the new password' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.changeMyPassword(values.currentPassword, values.newPassword);
      setValues({ currentPassword: '', newPassword: '', confirmation: '' });
      setChanged(true);
    } catch (error) {
      const message = errorMessage(error);
      const fieldErrors = fieldErrorsFromMessage(message, FIELDS);
      if (fieldErrors) {
        setErrors(fieldErrors);
      } else {
        setFailure(message);
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: Field,
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
            <Button
              type="submit"
              variant="contained"
              disabled={
                busy ||
                !values.currentPassword ||
                !values.newPassword ||
                !values.confirmation
              }
            >
              {busy ? 'Changing…' : 'Change password'}
            </Button>
          </div>
        </Stack>
      </form>
    </InfoCard>
  );
}
