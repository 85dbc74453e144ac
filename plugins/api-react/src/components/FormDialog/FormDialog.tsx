import { ReactNode } from 'react';
import Button from '@mui/material/Button';
import Dialog, { type DialogProps } from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { DialogProblem } from '../DialogProblem';
import type { FormDialogState } from './useFormDialog';

/**
 * A dialog that adds or edits one thing: its title, the fields (children),
 * Cancel and the submit button ("Saving…" while busy, when neither closes),
 * and the problem that names no field below them.
 *
 * @public
 */
export function FormDialog<V>(props: {
  form: FormDialogState<V>;
  title: ReactNode;
  /** Defaults to Save. */
  submitLabel?: string;
  /** The submit button's words while busy; defaults to Saving…. */
  busyLabel?: string;
  onClose: () => void;
  /** Defaults to true, for dialogs rendered only while open. */
  open?: boolean;
  maxWidth?: DialogProps['maxWidth'];
  /** `off` where browsers must not fill in or remember what is typed. */
  autoComplete?: string;
  children: ReactNode;
}) {
  const { form, onClose, open = true, submitLabel = 'Save' } = props;
  return (
    <Dialog
      open={open}
      onClose={form.saving ? undefined : onClose}
      maxWidth={props.maxWidth ?? 'sm'}
      fullWidth
      aria-labelledby={`${form.id}-form-title`}
    >
      <form onSubmit={form.submit} noValidate autoComplete={props.autoComplete}>
        <DialogTitle id={`${form.id}-form-title`}>{props.title}</DialogTitle>
        <DialogContent>
          {props.children}
          <DialogProblem>{form.formError}</DialogProblem>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={form.saving}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={!form.canSubmit}>
            {form.saving ? props.busyLabel ?? 'Saving…' : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** The fields of V whose values are text. */
type TextFields<V> = {
  [K in keyof V & string]: V[K] extends string ? K : never;
}[keyof V & string];

/**
 * A full-width text field bound to one field of a {@link useFormDialog} form:
 * its value, its id (`{form id}-{field}`), and its problem in place of the
 * helper text.
 *
 * @public
 */
export function FormTextField<V>(
  props: Omit<TextFieldProps, 'form' | 'value' | 'onChange' | 'error'> & {
    form: FormDialogState<V>;
    field: TextFields<V>;
  },
) {
  const { form, field, helperText, ...rest } = props;
  const error = form.errorFor(field);
  return (
    <TextField
      fullWidth
      id={`${form.id}-${field}`}
      name={field}
      {...rest}
      value={form.values[field]}
      onChange={e => form.set(field, e.target.value as V[typeof field])}
      error={!!error}
      helperText={error ?? helperText}
    />
  );
}
