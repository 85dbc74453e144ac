import Stack from '@mui/material/Stack';
import {
  FormDialog,
  FormTextField,
  useFormDialog,
} from '@opssight/plugin-api-react';

type Form = { message: string };

/** Asks what the save is about: every version carries its message. */
export function SaveVersionDialog(props: {
  changedFiles: number;
  onClose: () => void;
  onSave: (message: string) => Promise<void>;
}) {
  const form = useFormDialog<Form, string>({
    id: 'save-version',
    initialValues: { message: '' },
    check: values =>
      values.message.trim()
        ? { data: values.message.trim() }
        : { errors: { message: 'say what changed' } },
    save: props.onSave,
    serverFields: ['message'],
  });
  return (
    <FormDialog
      form={form}
      title="Save a new version"
      submitLabel="Save"
      onClose={props.onClose}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField
          form={form}
          field="message"
          label="What changed"
          helperText={`${props.changedFiles} file${
            props.changedFiles === 1 ? '' : 's'
          } changed. The syntax check runs on the new version.`}
          autoFocus
          required
        />
      </Stack>
    </FormDialog>
  );
}

type PathForm = { path: string };

/** A new file's path in the project, e.g. `roles/web/tasks/main.yml`. */
export function NewFileDialog(props: {
  existing: string[];
  onClose: () => void;
  onAdd: (path: string) => void;
}) {
  const form = useFormDialog<PathForm, string>({
    id: 'new-file',
    initialValues: { path: '' },
    check: ({ path }) => {
      const clean = path.trim().replace(/^\/+/, '');
      if (!clean) return { errors: { path: 'must not be empty' } };
      if (clean.split('/').some(p => p === '' || p === '.' || p === '..')) {
        return { errors: { path: 'folders are separated by single /' } };
      }
      if (props.existing.includes(clean)) {
        return { errors: { path: 'the project already has this file' } };
      }
      return { data: clean };
    },
    save: async path => props.onAdd(path),
    serverFields: [],
  });
  return (
    <FormDialog
      form={form}
      title="New file"
      submitLabel="Add"
      onClose={props.onClose}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField
          form={form}
          field="path"
          label="Path"
          placeholder="roles/web/tasks/main.yml"
          autoFocus
          required
        />
      </Stack>
    </FormDialog>
  );
}
