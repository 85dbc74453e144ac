import { FormEvent, useState } from 'react';
import {
  errorMessage,
  fieldErrorsFromMessage,
} from '@opssight/plugin-api-react';

const FIELDS = ['currentPassword', 'newPassword', 'confirmation'] as const;

/** A field of a password-change form. */
export type PasswordField = (typeof FIELDS)[number];

/**
 * A password-change form (the current password, the new one, and the new one
 * again), wherever it is: the two new ones must match before `change` is
 * asked; a refusal that names a field is shown at that field, any other
 * under the form.
 */
export function usePasswordChange(
  change: (currentPassword: string, newPassword: string) => Promise<void>,
  /** Known when the user has just typed it to sign in. */
  initialCurrentPassword = '',
) {
  const empty = { currentPassword: '', newPassword: '', confirmation: '' };
  const [values, setValues] = useState<Record<PasswordField, string>>({
    ...empty,
    currentPassword: initialCurrentPassword,
  });
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>(
    {},
  );
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    if (values.newPassword !== values.confirmation) {
      setErrors({ confirmation: 'does not match the new password' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await change(values.currentPassword, values.newPassword);
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

  return {
    values,
    errors,
    failure,
    busy,
    /** Every field is filled and nothing is under way. */
    ready: !busy && FIELDS.every(field => values[field]),
    setValue: (field: PasswordField, value: string) =>
      setValues(v => ({ ...v, [field]: value })),
    clearError: (field: PasswordField) =>
      setErrors(e => ({ ...e, [field]: undefined })),
    /** Empties the fields, after a change. */
    clear: () => setValues(empty),
    submit,
  };
}
