import { FormEvent, useState } from 'react';
import { errorMessage, errorStatus } from '../../errors';
import { friendlyMessage } from '../../friendlyMessage';
import { fieldErrorsFromMessage } from './fieldErrors';

/** Problems by field, each one line for the user. */
export type FieldErrors<V> = Partial<Record<keyof V & string, string>>;

/**
 * What {@link useFormDialog} is told about one form.
 *
 * @public
 */
export interface FormDialogOptions<V, D> {
  /** Names the dialog's elements: `{id}-form-title`, `{id}-{field}`. */
  id: string;
  initialValues: V | (() => V);
  /**
   * What the browser can tell before asking the server (the server checks
   * everything again): the data to send, or the problems by field.
   */
  check: (values: V) => { data: D } | { errors: FieldErrors<V> };
  /**
   * Sends the data; its rejection is shown beside the fields it names, else
   * for the whole form. (`Exclude`: TypeScript reads `data?: undefined` into
   * the errors branch of `check`'s answer.)
   */
  save: (data: Exclude<D, undefined>) => Promise<void>;
  /** The fields a server message may name (list fields included). */
  serverFields: readonly (keyof V & string)[];
  /** How a server problem with one item of a list field is introduced (`line 2`). */
  itemLabel?: (index: number) => string;
  /** A conflict (409) that names no field is about this one (a duplicate IP, a taken name). */
  conflictField?: keyof V & string;
}

/**
 * A form's values and their errors: a field shows its problem once touched or
 * after a submit; the server's problems stay beside their fields until they
 * are changed. Used with {@link FormDialog} and {@link FormTextField}.
 *
 * @public
 */
export interface FormDialogState<V> {
  id: string;
  values: V;
  /** Sets a field (as typed by the user: it is then checked) and clears its server error. */
  set<K extends keyof V & string>(field: K, value: V[K]): void;
  /** Changes values without marking them touched (a choice that resets others). */
  update(change: (values: V) => V): void;
  errorFor(field: keyof V & string): string | undefined;
  /** A problem found outside the form's check (a file too big to read). */
  setFieldError(field: keyof V & string, message: string): void;
  clearServerErrors(): void;
  /** The problem that names no field. */
  formError?: string;
  saving: boolean;
  /** False while saving, and after a submit while the check still fails. */
  canSubmit: boolean;
  submit(event?: FormEvent): Promise<void>;
}

/** @public */
export function useFormDialog<V, D>(
  options: FormDialogOptions<V, D>,
): FormDialogState<V> {
  type Field = keyof V & string;
  const { id, check, save, serverFields, itemLabel, conflictField } = options;
  const [values, setValues] = useState<V>(options.initialValues);
  const [dirty, setDirty] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors<V>>({});
  const [formError, setFormError] = useState<string>();

  const checked = check(values);
  const clientErrors: FieldErrors<V> =
    'errors' in checked ? checked.errors : {};

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setSubmitted(true);
    if (!('data' in checked)) return;
    setSaving(true);
    setFormError(undefined);
    try {
      await save(checked.data as Exclude<D, undefined>);
    } catch (e) {
      const message = errorMessage(e);
      const byField = fieldErrorsFromMessage(message, serverFields, {
        itemLabel,
        conflictField,
        status: errorStatus(e),
      });
      if (byField) {
        setServerErrors(byField);
      } else {
        setFormError(friendlyMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return {
    id,
    values,
    set: (field, value) => {
      setValues(v => ({ ...v, [field]: value }));
      setDirty(d => ({ ...d, [field]: true }));
      setServerErrors(({ [field]: _, ...rest }) => rest as FieldErrors<V>);
      setFormError(undefined);
    },
    update: change => {
      setValues(change);
      setServerErrors({});
      setFormError(undefined);
    },
    errorFor: field =>
      serverErrors[field] ??
      (submitted || dirty[field] ? clientErrors[field] : undefined),
    setFieldError: (field, message) =>
      setServerErrors(e => ({ ...e, [field]: message })),
    clearServerErrors: () => setServerErrors({}),
    formError,
    saving,
    canSubmit: !saving && !(submitted && 'errors' in checked),
    submit,
  };
}
