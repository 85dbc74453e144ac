import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  FormTextField,
  useFormDialog,
} from '@opssight/plugin-api-react';
import {
  CredentialSelect,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';
import { automationApiRef, type Project, type ProjectInput } from '../../api';

type Form = {
  name: string;
  description: string;
  kind: 'files' | 'git';
  url: string;
  ref: string;
  subPath: string;
  credentialId: string;
};

function formOf(project?: Project): Form {
  const source = project?.source;
  return {
    name: project?.name ?? '',
    description: project?.description ?? '',
    kind: source?.kind ?? 'files',
    url: source?.kind === 'git' ? source.url : '',
    ref: source?.kind === 'git' ? source.ref : 'main',
    subPath: source?.kind === 'git' ? source.subPath ?? '' : '',
    credentialId: source?.kind === 'git' ? source.credentialId ?? '' : '',
  };
}

/** What the browser can tell before the server checks it all again. */
export function checkProject(
  values: Form,
): { data: ProjectInput } | { errors: Partial<Record<keyof Form, string>> } {
  const errors: Partial<Record<keyof Form, string>> = {};
  if (!values.name.trim()) errors.name = 'must not be empty';
  if (values.kind === 'git') {
    if (!values.url.trim()) errors.url = 'must not be empty';
    if (!values.ref.trim()) errors.ref = 'a branch, tag or commit';
  }
  if (Object.keys(errors).length) return { errors };
  return {
    data: {
      name: values.name.trim(),
      description: values.description.trim(),
      source:
        values.kind === 'files'
          ? { kind: 'files' }
          : {
              kind: 'git',
              url: values.url.trim(),
              ref: values.ref.trim(),
              ...(values.subPath.trim() && { subPath: values.subPath.trim() }),
              ...(values.credentialId && {
                credentialId: values.credentialId,
              }),
            },
    },
  };
}

/**
 * Adds a project, or edits one: stored in OpsSight (edited in the browser,
 * every save a version) or a git repository (URL, branch or tag, sub-path
 * and the vault credential git logs in with).
 */
export function ProjectDialog(props: {
  project?: Project;
  onClose: () => void;
  onSaved: (project: Project) => void;
}) {
  const { project, onClose, onSaved } = props;
  const api = useApi(automationApiRef);
  const credentials = useLoginCredentials();
  const form = useFormDialog<Form, ProjectInput>({
    id: 'project',
    initialValues: () => formOf(project),
    check: checkProject,
    save: async input =>
      onSaved(
        project
          ? await api.updateProject(project.id, input)
          : await api.createProject(input),
      ),
    serverFields: [
      'name',
      'description',
      'url',
      'ref',
      'subPath',
      'credentialId',
    ],
    conflictField: 'name',
  });
  const { values } = form;
  return (
    <FormDialog
      form={form}
      title={project ? `Edit ${project.name}` : 'Add project'}
      submitLabel={project ? 'Save' : 'Add'}
      onClose={onClose}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField form={form} field="name" label="Name" required />
        <FormTextField form={form} field="description" label="Description" />
        {!project && (
          <RadioGroup
            row
            aria-label="Where the playbooks are"
            value={values.kind}
            onChange={e => form.set('kind', e.target.value as Form['kind'])}
          >
            <FormControlLabel
              value="files"
              control={<Radio />}
              label="Stored in OpsSight"
            />
            <FormControlLabel
              value="git"
              control={<Radio />}
              label="From git"
            />
          </RadioGroup>
        )}
        {values.kind === 'git' && (
          <>
            <FormTextField
              form={form}
              field="url"
              label="Repository URL"
              placeholder="git@git.example.com:ops/playbooks.git"
              required
            />
            <FormTextField
              form={form}
              field="ref"
              label="Branch or tag"
              helperText="Each run records the exact commit it used."
              required
            />
            <FormTextField
              form={form}
              field="subPath"
              label="Sub-path"
              helperText="The folder of the playbooks, if not the repository's top."
            />
            <CredentialSelect
              credentials={credentials}
              choices={[{ value: '', label: 'None (a public repository)' }]}
              value={values.credentialId}
              onChange={id => form.set('credentialId', id)}
              label="Git logs in with"
              error={!!form.errorFor('credentialId')}
              helperText={
                form.errorFor('credentialId') ??
                'An SSH key or password from the vault; it stays on the server.'
              }
            />
          </>
        )}
      </Stack>
    </FormDialog>
  );
}
