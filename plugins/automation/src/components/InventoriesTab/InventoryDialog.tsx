import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { Progress } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  FormTextField,
  friendlyMessage,
  useFormDialog,
} from '@opssight/plugin-api-react';
import type { Machine } from '@opssight/plugin-machines-common';
import { MachinePicker, machinesApiRef } from '@opssight/plugin-machines-react';
import {
  automationApiRef,
  type Inventory,
  type InventoryInput,
  type ResolvedInventory,
} from '../../api';
import { ResolvedInventoryView } from './ResolvedInventoryView';

type Form = {
  name: string;
  description: string;
  kind: 'registry' | 'static';
  groups: string[];
  tags: string[];
  machines: Machine[];
  clusterId: string;
  format: 'yaml' | 'ini';
  text: string;
  vars: string;
};

function formOf(inventory?: Inventory): Form {
  const source = inventory?.source;
  return {
    name: inventory?.name ?? '',
    description: inventory?.description ?? '',
    kind: source?.kind ?? 'registry',
    groups: source?.kind === 'registry' ? source.groups ?? [] : [],
    tags: source?.kind === 'registry' ? source.tags ?? [] : [],
    machines: [],
    clusterId: source?.kind === 'registry' ? source.clusterId ?? '' : '',
    format: source?.kind === 'static' ? source.format : 'yaml',
    text: source?.kind === 'static' ? source.text : '',
    vars: inventory?.vars ?? '',
  };
}

/** The request body, or the problems the browser can see. */
export function checkInventory(
  values: Form,
): { data: InventoryInput } | { errors: Partial<Record<keyof Form, string>> } {
  const errors: Partial<Record<keyof Form, string>> = {};
  if (!values.name.trim()) errors.name = 'must not be empty';
  if (
    values.kind === 'registry' &&
    !values.groups.length &&
    !values.tags.length &&
    !values.machines.length &&
    !values.clusterId
  ) {
    errors.groups = 'pick groups, tags, machines or a cluster';
  }
  if (values.kind === 'static' && !values.text.trim()) {
    errors.text = 'must not be empty';
  }
  if (Object.keys(errors).length) return { errors };
  return {
    data: {
      name: values.name.trim(),
      description: values.description.trim(),
      source:
        values.kind === 'registry'
          ? {
              kind: 'registry',
              groups: values.groups,
              tags: values.tags,
              machineIds: values.machines.map(m => m.id),
              ...(values.clusterId && { clusterId: values.clusterId }),
            }
          : { kind: 'static', format: values.format, text: values.text },
      vars: values.vars,
    },
  };
}

const FIELDS = [
  'name',
  'description',
  'groups',
  'tags',
  'machines',
  'clusterId',
  'format',
  'text',
  'vars',
] as const;

/** Names from the registry, or typed. */
function NamesField(props: {
  label: string;
  options: string[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  helperText?: string;
}) {
  return (
    <Autocomplete
      multiple
      freeSolo
      options={props.options}
      value={props.value}
      onChange={(_e, value) => props.onChange(value as string[])}
      renderInput={params => (
        <TextField
          {...params}
          label={props.label}
          error={!!props.error}
          helperText={props.error ?? props.helperText}
        />
      )}
    />
  );
}

/**
 * Adds or edits an inventory: live from the registry (groups, tags, picked
 * machines, a cluster) or static YAML/INI text whose hosts are registered
 * machines; variables for every host as YAML; a preview of the hosts it
 * resolves to now.
 */
export function InventoryDialog(props: {
  inventory?: Inventory;
  onClose: () => void;
  onSaved: (inventory: Inventory) => void;
}) {
  const { inventory, onClose, onSaved } = props;
  const api = useApi(automationApiRef);
  const machinesApi = useApiHolder().get(machinesApiRef);
  const form = useFormDialog<Form, InventoryInput>({
    id: 'inventory',
    initialValues: () => formOf(inventory),
    check: checkInventory,
    save: async input =>
      onSaved(
        inventory
          ? await api.updateInventory(inventory.id, input)
          : await api.createInventory(input),
      ),
    serverFields: FIELDS,
    conflictField: 'name',
  });
  const { values } = form;

  const choices = useAsync(async () => {
    const [groups, tags, clusters] = await Promise.all([
      machinesApi?.listGroups().catch(() => []) ?? [],
      machinesApi?.listTags().catch(() => []) ?? [],
      api.listClusters().catch(() => []),
    ]);
    return {
      groups: groups.map(g => g.name),
      tags: tags.map(t => t.name),
      clusters,
    };
  }, [api, machinesApi]);

  // The picked machines of a saved inventory, as the picker shows them.
  const savedIds =
    inventory?.source.kind === 'registry'
      ? inventory.source.machineIds ?? []
      : [];
  useEffect(() => {
    if (!machinesApi || savedIds.length === 0) return;
    Promise.all(
      savedIds.map(id => machinesApi.getMachine(id).catch(() => undefined)),
    ).then(found =>
      form.update(v => ({
        ...v,
        machines: found.filter((m): m is Machine => !!m),
      })),
    );
    // Once, for the inventory the dialog opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [machinesApi, inventory?.id]);

  const [preview, setPreview] = useState<{
    loading?: boolean;
    resolved?: ResolvedInventory;
    error?: unknown;
  }>();
  const showPreview = async () => {
    const checked = checkInventory(values);
    if (!('data' in checked)) {
      setPreview({ error: new Error(Object.values(checked.errors)[0]) });
      return;
    }
    setPreview({ loading: true });
    try {
      setPreview({ resolved: await api.previewInventory(checked.data) });
    } catch (error) {
      setPreview({ error });
    }
  };

  return (
    <FormDialog
      form={form}
      title={inventory ? `Edit ${inventory.name}` : 'Add inventory'}
      submitLabel={inventory ? 'Save' : 'Add'}
      onClose={onClose}
      maxWidth="md"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField form={form} field="name" label="Name" required />
        <FormTextField form={form} field="description" label="Description" />
        <RadioGroup
          row
          aria-label="Where the hosts come from"
          value={values.kind}
          onChange={e => form.set('kind', e.target.value as Form['kind'])}
        >
          <FormControlLabel
            value="registry"
            control={<Radio />}
            label="From the machine registry, live"
          />
          <FormControlLabel
            value="static"
            control={<Radio />}
            label="Static text"
          />
        </RadioGroup>
        {values.kind === 'registry' ? (
          <>
            <NamesField
              label="Machine groups"
              options={choices.value?.groups ?? []}
              value={values.groups}
              onChange={v => form.set('groups', v)}
              error={form.errorFor('groups')}
              helperText="Each group becomes an Ansible group of the same name."
            />
            <NamesField
              label="Tags"
              options={choices.value?.tags ?? []}
              value={values.tags}
              onChange={v => form.set('tags', v)}
              error={form.errorFor('tags')}
              helperText="Machines with a tag form the group tag_<tag>."
            />
            {machinesApi && (
              <MachinePicker
                multiple
                label="Machines"
                value={values.machines}
                onChange={v => form.set('machines', v)}
                error={form.errorFor('machines')}
              />
            )}
            <TextField
              select
              label="Cluster"
              value={values.clusterId}
              onChange={e => form.set('clusterId', e.target.value)}
              error={!!form.errorFor('clusterId')}
              helperText={
                form.errorFor('clusterId') ??
                'Its nodes in the Kubespray groups (kube_control_plane, kube_node, etcd, k8s_cluster).'
              }
              SelectProps={{ displayEmpty: true }}
              InputLabelProps={{ shrink: true }}
            >
              <MenuItem value="">None</MenuItem>
              {(choices.value?.clusters ?? []).map(c => (
                <MenuItem key={c.id} value={c.id}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
          </>
        ) : (
          <>
            <TextField
              select
              label="Format"
              value={values.format}
              onChange={e =>
                form.set('format', e.target.value as Form['format'])
              }
            >
              <MenuItem value="yaml">YAML</MenuItem>
              <MenuItem value="ini">INI</MenuItem>
            </TextField>
            <FormTextField
              form={form}
              field="text"
              label="Inventory"
              multiline
              minRows={6}
              inputProps={{ style: { fontFamily: 'monospace' } }}
              helperText="Every host must be a registered machine (by host name or IP address)."
              required
            />
          </>
        )}
        <FormTextField
          form={form}
          field="vars"
          label="Variables for every host (YAML)"
          multiline
          minRows={3}
          inputProps={{ style: { fontFamily: 'monospace' } }}
          placeholder="ntp_server: ntp.example.com"
        />
        <Stack direction="row">
          <Button variant="outlined" onClick={showPreview}>
            Preview hosts
          </Button>
        </Stack>
        {preview?.loading && <Progress />}
        {!!preview?.error && (
          <Alert severity="error">{friendlyMessage(preview.error)}</Alert>
        )}
        {preview?.resolved && (
          <ResolvedInventoryView resolved={preview.resolved} />
        )}
      </Stack>
    </FormDialog>
  );
}
