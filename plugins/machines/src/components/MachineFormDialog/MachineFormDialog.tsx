import { FormEvent, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Grid from '@mui/material/Grid';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DEFAULT_MACHINE_OWNER,
  issuesByField,
  machineInputSchema,
  type Machine,
  type MachineInput,
} from '@opssight/plugin-machines-common';
import { errorMessage, errorStatus, machinesApiRef } from '../../api';
import {
  CredentialSelect,
  credentialsProblem,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';
import { NameListField } from './NameListField';

interface FormValues {
  ip: string;
  hostname: string;
  application: string;
  sshPort: string;
  sshUser: string;
  description: string;
  groups: string[];
  tags: string[];
  owner: string;
  /** '' for none. */
  defaultCredentialId: string;
}

type Field = keyof FormValues;

const FIELDS: Field[] = [
  'ip',
  'hostname',
  'application',
  'sshPort',
  'sshUser',
  'description',
  'groups',
  'tags',
  'owner',
  'defaultCredentialId',
];

function initialValues(machine?: Machine): FormValues {
  return {
    ip: machine?.ip ?? '',
    hostname: machine?.hostname ?? '',
    application: machine?.application ?? '',
    sshPort: String(machine?.sshPort ?? 22),
    sshUser: machine?.sshUser ?? '',
    description: machine?.description ?? '',
    groups: machine?.groups ?? [],
    tags: machine?.tags ?? [],
    owner: machine?.owner ?? '',
    defaultCredentialId: machine?.defaultCredentialId ?? '',
  };
}

function toInput(values: FormValues): MachineInput {
  return {
    ip: values.ip,
    hostname: values.hostname,
    application: values.application,
    sshPort: values.sshPort.trim() === '' ? undefined : Number(values.sshPort),
    sshUser: values.sshUser,
    description: values.description,
    groups: values.groups,
    tags: values.tags,
    owner: values.owner.trim() === '' ? undefined : values.owner,
    defaultCredentialId: values.defaultCredentialId || null,
  };
}

/**
 * Server messages name their field (`ip: … already used by machine 'web-1'`,
 * `Invalid request body: hostname: …; sshPort: …`): put each beside its field.
 * A conflict that names no field is a duplicate IP.
 */
export function serverFieldErrors(
  message: string,
  status?: number,
): Partial<Record<Field, string>> | undefined {
  const out: Partial<Record<Field, string>> = {};
  const issues = message.replace(/^Invalid [^:]+: /, '').split('; ');
  for (const issue of issues) {
    const match = /^([A-Za-z]+)(\.\d+)?: (.*)$/s.exec(issue);
    if (!match || !FIELDS.includes(match[1] as Field)) {
      return status === 409 ? { ip: message } : undefined;
    }
    out[match[1] as Field] ??= match[3];
  }
  return out;
}

/** Add a machine, or edit one when `machine` is given. */
export function MachineFormDialog(props: {
  open: boolean;
  machine?: Machine;
  groupOptions: string[];
  tagOptions: string[];
  onClose: () => void;
  onSaved: (machine: Machine) => void;
}) {
  const { open, machine, groupOptions, tagOptions, onClose, onSaved } = props;
  const api = useApi(machinesApiRef);
  const credentials = useLoginCredentials();
  const [values, setValues] = useState<FormValues>(() =>
    initialValues(machine),
  );
  const [dirty, setDirty] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverErrors, setServerErrors] = useState<
    Partial<Record<Field, string>>
  >({});
  const [formError, setFormError] = useState<string>();

  const parsed = useMemo(
    () => machineInputSchema.safeParse(toInput(values)),
    [values],
  );
  const clientErrors: Record<string, string> = parsed.success
    ? {}
    : issuesByField(parsed.error);

  const errorFor = (field: Field): string | undefined =>
    serverErrors[field] ??
    (submitted || dirty[field] ? clientErrors[field] : undefined);

  const set = <F extends Field>(field: F, value: FormValues[F]) => {
    setValues(v => ({ ...v, [field]: value }));
    setDirty(d => ({ ...d, [field]: true }));
    setServerErrors(({ [field]: _, ...rest }) => rest);
    setFormError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!parsed.success) return;
    setSaving(true);
    setFormError(undefined);
    try {
      const saved = machine
        ? await api.updateMachine(machine.id, parsed.data)
        : await api.createMachine(parsed.data);
      onSaved(saved);
    } catch (e) {
      const message = errorMessage(e);
      const byField = serverFieldErrors(message, errorStatus(e));
      if (byField) {
        setServerErrors(byField);
      } else {
        setFormError(message);
      }
    } finally {
      setSaving(false);
    }
  };

  const text = (
    field: Exclude<Field, 'groups' | 'tags' | 'defaultCredentialId'>,
    label: string,
    { helperText, ...extra }: TextFieldProps = {},
  ) => (
    <TextField
      {...extra}
      fullWidth
      id={`machine-${field}`}
      label={label}
      name={field}
      value={values[field]}
      onChange={e => set(field, e.target.value)}
      error={!!errorFor(field)}
      helperText={errorFor(field) ?? helperText}
    />
  );

  const title = machine ? `Edit ${machine.hostname}` : 'Add machine';
  return (
    <Dialog
      open={open}
      onClose={saving ? undefined : onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="machine-form-title"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="machine-form-title">{title}</DialogTitle>
        <DialogContent>
          <Grid container spacing={2} sx={{ pt: 1 }}>
            <Grid item xs={12} sm={6}>
              {text('ip', 'IP address', {
                required: true,
                autoFocus: true,
                placeholder: '10.0.0.12 or fd00::12',
              })}
            </Grid>
            <Grid item xs={12} sm={6}>
              {text('hostname', 'Host name', {
                required: true,
                placeholder: 'web-1.prod.example.com',
              })}
            </Grid>
            <Grid item xs={12} sm={6}>
              {text('application', 'Application')}
            </Grid>
            <Grid item xs={12} sm={6}>
              {text('owner', 'Owner', {
                placeholder: DEFAULT_MACHINE_OWNER,
                helperText: `Entity reference; empty means ${DEFAULT_MACHINE_OWNER}`,
              })}
            </Grid>
            <Grid item xs={6} sm={3}>
              {text('sshPort', 'SSH port', {
                type: 'number',
                inputProps: { min: 1, max: 65535 },
              })}
            </Grid>
            <Grid item xs={6} sm={3}>
              {text('sshUser', 'SSH user', { placeholder: 'default' })}
            </Grid>
            <Grid item xs={12} sm={6}>
              {credentials.available && (
                <CredentialSelect
                  fullWidth
                  id="machine-defaultCredentialId"
                  label="Default credential"
                  credentials={credentials}
                  sharedOnly
                  choices={[{ value: '', label: 'None' }]}
                  value={values.defaultCredentialId}
                  onChange={v => set('defaultCredentialId', v)}
                  error={!!errorFor('defaultCredentialId')}
                  helperText={
                    errorFor('defaultCredentialId') ??
                    credentialsProblem(credentials, { sharedOnly: true }) ??
                    'A shared key or password: tests and terminals of everyone log in with it unless another is picked'
                  }
                />
              )}
            </Grid>
            <Grid item xs={12} sm={6}>
              <NameListField
                label="Groups"
                value={values.groups}
                options={groupOptions}
                onChange={v => set('groups', v)}
                error={errorFor('groups')}
                helperText="Pick or type; Enter adds"
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <NameListField
                label="Tags"
                value={values.tags}
                options={tagOptions}
                onChange={v => set('tags', v)}
                error={errorFor('tags')}
                helperText="Pick or type; Enter adds"
              />
            </Grid>
            <Grid item xs={12}>
              {text('description', 'Description', {
                multiline: true,
                minRows: 2,
              })}
            </Grid>
          </Grid>
          {formError && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {formError}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant="contained"
            disabled={saving || (submitted && !parsed.success)}
          >
            {saving ? 'Saving…' : 'Save'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
