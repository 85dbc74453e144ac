import useAsync from 'react-use/esm/useAsync';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  FormTextField,
  useFormDialog,
  WrapRow,
} from '@opssight/plugin-api-react';
import {
  DEFAULT_TEMPLATE_OPTIONS,
  templateInputSchema,
  type RunDefaults,
  type Template,
} from '@opssight/plugin-automation-common';
import {
  CredentialSelect,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';
import { automationApiRef, type TemplateInput } from '../../api';
import {
  draftOf,
  questionOf,
  SurveyEditor,
  type QuestionDraft,
} from './SurveyEditor';

type Form = {
  name: string;
  description: string;
  projectId: string;
  playbook: string;
  inventoryId: string;
  sshCredentialId: string;
  becomeCredentialId: string;
  vaultCredentialId: string;
  extraVars: string;
  limit: string;
  tags: string;
  skipTags: string;
  check: boolean;
  diff: boolean;
  verbosity: number;
  forks: string;
  timeoutSeconds: string;
  oneAtATime: boolean;
  survey: QuestionDraft[];
};

function formOf(template?: Template): Form {
  const options = template?.options ?? DEFAULT_TEMPLATE_OPTIONS;
  return {
    name: template?.name ?? '',
    description: template?.description ?? '',
    projectId: template?.projectId ?? '',
    playbook: template?.playbook ?? '',
    inventoryId: template?.inventoryId ?? '',
    sshCredentialId: template?.sshCredentialId ?? '',
    becomeCredentialId: template?.becomeCredentialId ?? '',
    vaultCredentialId: template?.vaultCredentialId ?? '',
    extraVars: template?.extraVars ?? '',
    limit: options.limit.join(' '),
    tags: options.tags.join(' '),
    skipTags: options.skipTags.join(' '),
    check: options.check,
    diff: options.diff,
    verbosity: options.verbosity,
    forks: options.forks === null ? '' : String(options.forks),
    timeoutSeconds:
      options.timeoutSeconds === null ? '' : String(options.timeoutSeconds),
    oneAtATime: template?.oneAtATime ?? false,
    survey: (template?.survey ?? []).map(draftOf),
  };
}

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const numberOrNull = (text: string) =>
  text.trim() === '' ? null : Number(text.trim());

/** The fields of the form, by the first key of a problem's path. */
const FIELD_OF: Record<string, keyof Form> = {
  options: 'forks',
};

/**
 * The request body, checked by the same schema the server uses; each
 * problem beside its field.
 */
export function checkTemplate(
  values: Form,
): { data: TemplateInput } | { errors: Partial<Record<keyof Form, string>> } {
  const input = {
    name: values.name,
    description: values.description,
    projectId: values.projectId,
    playbook: values.playbook,
    inventoryId: values.inventoryId,
    sshCredentialId: values.sshCredentialId,
    becomeCredentialId: values.becomeCredentialId || null,
    vaultCredentialId: values.vaultCredentialId || null,
    extraVars: values.extraVars,
    options: {
      limit: words(values.limit),
      tags: words(values.tags),
      skipTags: words(values.skipTags),
      check: values.check,
      diff: values.diff,
      verbosity: values.verbosity,
      forks: numberOrNull(values.forks),
      timeoutSeconds: numberOrNull(values.timeoutSeconds),
    },
    survey: values.survey.map(questionOf),
    oneAtATime: values.oneAtATime,
  };
  const parsed = templateInputSchema.safeParse(input);
  if (parsed.success) return { data: input as TemplateInput };
  const errors: Partial<Record<keyof Form, string>> = {};
  for (const issue of parsed.error.issues) {
    const [first, second, third] = issue.path.map(String);
    let field = (FIELD_OF[first] ?? first) as keyof Form;
    let message = issue.message;
    if (first === 'options' && second) field = second as keyof Form;
    if (first === 'survey') {
      message = `question ${Number(second) + 1}${third ? ` (${third})` : ''}: ${
        issue.message
      }`;
    }
    if (first === 'extraVars') message = message.replace(/^extraVars: /, '');
    errors[field] ??= message;
  }
  return { errors };
}

const SERVER_FIELDS = [
  'name',
  'description',
  'projectId',
  'playbook',
  'inventoryId',
  'sshCredentialId',
  'becomeCredentialId',
  'vaultCredentialId',
  'extraVars',
  'survey',
  'oneAtATime',
] as const;

function defaultNote(value: string | number | boolean | undefined) {
  return value === undefined ? undefined : `Default: ${value}`;
}

/**
 * Adds or edits a template: which playbook of which project, on which
 * inventory, logged in with which credentials, with which extra variables
 * and options (the fast defaults shown), and the survey a run asks.
 */
export function TemplateDialog(props: {
  template?: Template;
  onClose: () => void;
  onSaved: (template: Template) => void;
}) {
  const { template, onClose, onSaved } = props;
  const api = useApi(automationApiRef);
  const credentials = useLoginCredentials();
  const form = useFormDialog<Form, TemplateInput>({
    id: 'template',
    initialValues: () => formOf(template),
    check: checkTemplate,
    save: async input =>
      onSaved(
        template
          ? await api.updateTemplate(template.id, input)
          : await api.createTemplate(input),
      ),
    serverFields: SERVER_FIELDS,
    conflictField: 'name',
  });
  const { values } = form;

  const choices = useAsync(async () => {
    const [projects, inventories, defaults] = await Promise.all([
      api.listProjects({ limit: 500 }),
      api.listInventories({ limit: 500 }),
      api.getRunDefaults().catch(() => undefined as RunDefaults | undefined),
    ]);
    return {
      projects: projects.items,
      inventories: inventories.items,
      defaults,
    };
  }, [api]);
  const playbooks = useAsync(
    async () => (values.projectId ? api.listPlaybooks(values.projectId) : []),
    [api, values.projectId],
  );
  const defaults = choices.value?.defaults;

  const select = (
    field: 'projectId' | 'inventoryId' | 'playbook',
    label: string,
    options: Array<{ value: string; label: string }>,
    helperText?: string,
  ) => (
    <TextField
      select
      required
      id={`template-${field}`}
      label={label}
      value={values[field]}
      onChange={e => {
        form.set(field, e.target.value);
        if (field === 'projectId') form.update(v => ({ ...v, playbook: '' }));
      }}
      error={!!form.errorFor(field)}
      helperText={form.errorFor(field) ?? helperText}
    >
      {options.length === 0 && (
        <MenuItem value="" disabled>
          None yet
        </MenuItem>
      )}
      {options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );

  const credential = (
    field: 'sshCredentialId' | 'becomeCredentialId' | 'vaultCredentialId',
    label: string,
    help: string,
    optional: boolean,
  ) => (
    <CredentialSelect
      id={`template-${field}`}
      credentials={credentials}
      choices={optional ? [{ value: '', label: 'None' }] : []}
      value={values[field]}
      onChange={id => form.set(field, id)}
      label={label}
      required={!optional}
      error={!!form.errorFor(field)}
      helperText={form.errorFor(field) ?? help}
    />
  );

  const playbookOptions = [
    ...(playbooks.value ?? []),
    ...(values.playbook && !(playbooks.value ?? []).includes(values.playbook)
      ? [values.playbook]
      : []),
  ].map(p => ({ value: p, label: p }));

  return (
    <FormDialog
      form={form}
      title={template ? `Edit ${template.name}` : 'Add template'}
      submitLabel={template ? 'Save' : 'Add'}
      onClose={onClose}
      maxWidth="md"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField form={form} field="name" label="Name" required />
        <FormTextField form={form} field="description" label="Description" />
        {select(
          'projectId',
          'Project',
          (choices.value?.projects ?? []).map(p => ({
            value: p.id,
            label: p.name,
          })),
        )}
        {select(
          'playbook',
          'Playbook',
          playbookOptions,
          values.projectId
            ? 'The playbooks at the top of the project.'
            : 'Pick the project first.',
        )}
        {select(
          'inventoryId',
          'Inventory',
          (choices.value?.inventories ?? []).map(i => ({
            value: i.id,
            label: i.name,
          })),
        )}
        {credential(
          'sshCredentialId',
          'Log in with',
          'The SSH key or password for the hosts; it reaches ssh through an agent, never a file.',
          false,
        )}
        {credential(
          'becomeCredentialId',
          'Become (sudo) password',
          'For tasks with become: yes, when the hosts ask for a password.',
          true,
        )}
        {credential(
          'vaultCredentialId',
          'Ansible Vault password',
          'Opens the project’s vault-encrypted files.',
          true,
        )}
        <FormTextField
          form={form}
          field="extraVars"
          label="Extra variables (YAML)"
          multiline
          minRows={3}
          placeholder="app_version: 1.4.2"
          inputProps={{ style: { fontFamily: 'monospace' } }}
        />
        <Typography variant="subtitle1">Options</Typography>
        <WrapRow>
          <FormTextField
            form={form}
            field="limit"
            label="Limit to hosts or groups"
            helperText={form.errorFor('limit') ?? 'Default: every host'}
          />
          <FormTextField
            form={form}
            field="tags"
            label="Only tags"
            helperText={form.errorFor('tags') ?? 'Default: every task'}
          />
          <FormTextField
            form={form}
            field="skipTags"
            label="Skip tags"
            helperText={form.errorFor('skipTags') ?? 'Default: none'}
          />
        </WrapRow>
        <WrapRow>
          <TextField
            select
            label="Verbosity"
            value={values.verbosity}
            onChange={e => form.set('verbosity', Number(e.target.value))}
            helperText="Default: 0"
            sx={{ width: 160 }}
          >
            {[0, 1, 2, 3, 4].map(v => (
              <MenuItem key={v} value={v}>
                {v === 0 ? 'normal' : `-${'v'.repeat(v)}`}
              </MenuItem>
            ))}
          </TextField>
          <FormTextField
            form={form}
            field="forks"
            label="Hosts at once (forks)"
            placeholder={defaults ? String(defaults.forks) : ''}
            helperText={form.errorFor('forks') ?? defaultNote(defaults?.forks)}
          />
          <FormTextField
            form={form}
            field="timeoutSeconds"
            label="Time limit (seconds)"
            placeholder={defaults ? String(defaults.timeoutSeconds) : ''}
            helperText={
              form.errorFor('timeoutSeconds') ??
              defaultNote(defaults?.timeoutSeconds)
            }
          />
        </WrapRow>
        {defaults && (
          <Typography variant="body2" color="text.secondary">
            Every run uses SSH pipelining
            {defaults.pipelining ? '' : ' (off here)'} and keeps connections
            open for {defaults.controlPersistSeconds} s between tasks.
          </Typography>
        )}
        <WrapRow>
          <FormControlLabel
            control={
              <Switch
                checked={values.check}
                onChange={e => form.set('check', e.target.checked)}
              />
            }
            label="Check mode: report, change nothing (default: off)"
          />
          <FormControlLabel
            control={
              <Switch
                checked={values.diff}
                onChange={e => form.set('diff', e.target.checked)}
              />
            }
            label="Show diffs (default: off)"
          />
          <FormControlLabel
            control={
              <Switch
                checked={values.oneAtATime}
                onChange={e => form.set('oneAtATime', e.target.checked)}
              />
            }
            label="One run at a time"
          />
        </WrapRow>
        <SurveyEditor
          questions={values.survey}
          onChange={survey => form.set('survey', survey)}
          error={form.errorFor('survey')}
        />
      </Stack>
    </FormDialog>
  );
}
