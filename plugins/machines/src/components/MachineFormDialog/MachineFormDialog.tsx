import Grid from '@mui/material/Grid';
import type { TextFieldProps } from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  fieldErrorsFromMessage,
  FormDialog,
  FormTextField,
  useFormDialog,
} from '@opssight/plugin-api-react';
import {
  DEFAULT_MACHINE_OWNER,
  issuesByField,
  machineInputSchema,
  type Machine,
  type MachineInput,
} from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../../api';
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
  return fieldErrorsFromMessage(message, FIELDS, {
    status,
    conflictField: 'ip',
  });
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
  const form = useFormDialog({
    id: 'machine',
    initialValues: () => initialValues(machine),
    check: values => {
      const parsed = machineInputSchema.safeParse(toInput(values));
      return parsed.success
        ? { data: parsed.data }
        : { errors: issuesByField(parsed.error) };
    },
    save: async data =>
      onSaved(
        machine
          ? await api.updateMachine(machine.id, data)
          : await api.createMachine(data),
      ),
    serverFields: FIELDS,
    conflictField: 'ip',
  });
  const { values, set, errorFor } = form;

  const text = (
    field: Exclude<Field, 'groups' | 'tags' | 'defaultCredentialId'>,
    label: string,
    extra: Omit<TextFieldProps, 'form' | 'value' | 'onChange' | 'error'> = {},
    /** The field's cell of the grid: half a row unless told. */
    cell: { xs: number; sm?: number } = { xs: 12, sm: 6 },
  ) => (
    <Grid item {...cell}>
      <FormTextField {...extra} form={form} field={field} label={label} />
    </Grid>
  );

  const title = machine ? `Edit ${machine.hostname}` : 'Add machine';
  return (
    <FormDialog
      form={form}
      title={title}
      open={open}
      onClose={onClose}
      maxWidth="md"
    >
      <Grid container spacing={2} sx={{ pt: 1 }}>
        {text('ip', 'IP address', {
          required: true,
          autoFocus: true,
          placeholder: '10.0.0.12 or fd00::12',
        })}
        {text('hostname', 'Host name', {
          required: true,
          placeholder: 'web-1.prod.example.com',
        })}
        {text('application', 'Application')}
        {text('owner', 'Owner', {
          placeholder: DEFAULT_MACHINE_OWNER,
          helperText: `Entity reference; empty means ${DEFAULT_MACHINE_OWNER}`,
        })}
        {text(
          'sshPort',
          'SSH port',
          {
            type: 'number',
            inputProps: { min: 1, max: 65535 },
          },
          { xs: 6, sm: 3 },
        )}
        {text(
          'sshUser',
          'SSH user',
          { placeholder: 'default' },
          { xs: 6, sm: 3 },
        )}
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
        {(
          [
            ['groups', 'Groups', groupOptions],
            ['tags', 'Tags', tagOptions],
          ] as const
        ).map(([field, label, options]) => (
          <Grid item xs={12} sm={6} key={field}>
            <NameListField
              label={label}
              value={values[field]}
              options={options}
              onChange={v => set(field, v)}
              error={errorFor(field)}
              helperText="Pick or type; Enter adds"
            />
          </Grid>
        ))}
        {text(
          'description',
          'Description',
          {
            multiline: true,
            minRows: 2,
          },
          { xs: 12 },
        )}
      </Grid>
    </FormDialog>
  );
}
