import useAsync from 'react-use/esm/useAsync';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi, useApiHolder } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  FormTextField,
  useFormDialog,
} from '@opssight/plugin-api-react';
import { vaultApiRef } from '@opssight/plugin-vault-react';
import type {
  Cluster,
  UpdateClusterInput,
} from '@opssight/plugin-clusters-common';
import { clustersApiRef, errorMessage } from '../../api';

type Form = {
  name: string;
  environment: string;
  description: string;
  apiUrl: string;
  apiCaData: string;
  apiTokenCredentialId: string;
};

function formOf(cluster: Cluster): Form {
  return {
    name: cluster.name,
    environment: cluster.environment,
    description: cluster.description,
    apiUrl: cluster.apiUrl ?? '',
    apiCaData: cluster.apiCaData ?? '',
    apiTokenCredentialId: cluster.apiTokenCredentialId ?? '',
  };
}

/** The fields that differ from the cluster, as PATCH takes them (empty API fields: none). */
export function changesOf(cluster: Cluster, form: Form): UpdateClusterInput {
  const before = formOf(cluster);
  const changes: UpdateClusterInput = {};
  if (form.name.trim() !== before.name) changes.name = form.name.trim();
  if (form.environment.trim() !== before.environment) {
    changes.environment = form.environment.trim();
  }
  if (form.description !== before.description) {
    changes.description = form.description;
  }
  const orNull = (v: string) => (v.trim() ? v.trim() : null);
  if (orNull(form.apiUrl) !== cluster.apiUrl) {
    changes.apiUrl = orNull(form.apiUrl);
  }
  if (orNull(form.apiCaData) !== cluster.apiCaData) {
    changes.apiCaData = orNull(form.apiCaData);
  }
  if (orNull(form.apiTokenCredentialId) !== cluster.apiTokenCredentialId) {
    changes.apiTokenCredentialId = orNull(form.apiTokenCredentialId);
  }
  return changes;
}

/** The shared API tokens of the vault, to pick the cluster's token from. */
function useApiTokens() {
  const vault = useApiHolder().get(vaultApiRef);
  const { value, loading, error } = useAsync(
    async () =>
      vault
        ? vault.listCredentials({ kind: 'api-token', scope: 'shared' })
        : [],
    [vault],
  );
  return { available: !!vault, loading, error, tokens: value ?? [] };
}

/**
 * Edits a cluster's details: name, environment, description, and how the
 * portal reaches its Kubernetes API (URL, CA certificate, and the shared
 * vault credential holding a service-account token). The token itself is
 * never shown or sent here: only which vault credential holds it.
 */
export function EditClusterDialog(props: {
  cluster: Cluster;
  open: boolean;
  onClose: () => void;
  onSaved: (cluster: Cluster) => void;
}) {
  const { cluster, open, onClose, onSaved } = props;
  const api = useApi(clustersApiRef);
  const tokens = useApiTokens();
  const form = useFormDialog<Form, UpdateClusterInput>({
    id: 'edit-cluster',
    initialValues: () => formOf(cluster),
    check: values => ({ data: changesOf(cluster, values) }),
    save: async changes =>
      onSaved(await api.updateCluster(cluster.id, changes)),
    // The server's problems are shown whole, under the fields.
    serverFields: [],
  });
  const values = form.values;
  const unchanged = Object.keys(changesOf(cluster, values)).length === 0;

  const tokenKnown =
    !values.apiTokenCredentialId ||
    tokens.tokens.some(t => t.id === values.apiTokenCredentialId);
  let tokenHelp =
    'A shared API-token credential (a service-account token) from the vault: used by health checks and by the Kubernetes tabs, on the server only.';
  if (tokens.error) {
    tokenHelp = `Could not load the vault's API tokens: ${errorMessage(
      tokens.error,
    )}`;
  } else if (!tokens.loading && tokens.tokens.length === 0) {
    tokenHelp =
      'The vault has no shared API token: an admin adds one on the Credentials page.';
  }

  return (
    <FormDialog
      form={{ ...form, canSubmit: form.canSubmit && !unchanged }}
      title={`Edit ${cluster.name}`}
      open={open}
      onClose={onClose}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField
          form={form}
          field="name"
          label="Name"
          helperText={
            values.name.trim() !== cluster.name
              ? 'Renaming also renames its catalog entity (links to the old name stop working).'
              : 'Lower-case letters, digits and -, as in prod-eu-1.'
          }
          required
        />
        <FormTextField
          form={form}
          field="environment"
          label="Environment"
          helperText="For example production, staging or test."
          required
        />
        <FormTextField
          form={form}
          field="description"
          label="Description"
          multiline
          minRows={2}
        />
        <Typography variant="subtitle2" sx={{ pt: 1 }}>
          Kubernetes API
        </Typography>
        <FormTextField
          form={form}
          field="apiUrl"
          label="API URL"
          placeholder="https://10.0.0.10:6443"
          helperText="Empty: the cluster has no API the portal reads."
        />
        <FormTextField
          form={form}
          field="apiCaData"
          label="CA certificate"
          placeholder="-----BEGIN CERTIFICATE-----"
          helperText="The API server's CA, PEM or base64 of PEM (certificate-authority-data of a kubeconfig)."
          multiline
          minRows={2}
          maxRows={6}
          InputProps={{ sx: { fontFamily: 'monospace', fontSize: 12 } }}
        />
        <TextField
          select
          id="edit-cluster-apiTokenCredentialId"
          label="API token"
          value={values.apiTokenCredentialId}
          onChange={e => form.set('apiTokenCredentialId', e.target.value)}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          disabled={!tokens.available}
          error={!!tokens.error}
          helperText={
            tokens.available ? tokenHelp : 'This portal has no vault.'
          }
        >
          <MenuItem value="">None</MenuItem>
          {tokens.tokens.map(t => (
            <MenuItem key={t.id} value={t.id}>
              {t.name}
            </MenuItem>
          ))}
          {!tokenKnown && (
            <MenuItem value={values.apiTokenCredentialId}>
              {tokens.loading
                ? 'Loading credentials…'
                : 'A credential you cannot see'}
            </MenuItem>
          )}
        </TextField>
      </Stack>
    </FormDialog>
  );
}
