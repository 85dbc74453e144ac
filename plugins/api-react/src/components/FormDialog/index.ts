export { FormDialog, FormTextField } from './FormDialog';
export { useFormDialog } from './useFormDialog';
export type {
  FieldErrors,
  FormDialogOptions,
  FormDialogState,
} from './useFormDialog';
export { fieldErrorsFromMessage, withoutField } from './fieldErrors';
