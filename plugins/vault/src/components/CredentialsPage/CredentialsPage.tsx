import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  AddButton,
  ConfirmDialog,
  countOf,
  ListHeader,
  ListPageBody,
  SuccessNotice,
} from '@opssight/plugin-api-react';
import type {
  Credential,
  CredentialListItem,
} from '@opssight/plugin-vault-common';
import { vaultApiRef } from '../../api';
import { useVaultPermissions } from '../../hooks/useVaultPermissions';
import { CredentialFormDialog } from '../CredentialFormDialog';
import { CredentialsTable } from '../CredentialsTable';

export function CredentialsPage() {
  const api = useApi(vaultApiRef);
  const permissions = useVaultPermissions();
  const list = useAsyncRetry(() => api.listCredentials(), [api]);
  const [form, setForm] = useState<{ credential?: Credential }>();
  const [deleting, setDeleting] = useState<CredentialListItem>();
  const [notice, setNotice] = useState<string>();

  const credentials = list.value ?? [];
  const addButton = permissions.canCreate && (
    <AddButton onClick={() => setForm({})}>Add credential</AddButton>
  );

  return (
    <Box sx={{ p: 3 }}>
      <Stack spacing={2}>
        {credentials.length > 0 && (
          <ListHeader testId="credentials-count" actions={addButton}>
            {countOf(credentials.length, 'credential')} · secrets are write-only
            and never shown
          </ListHeader>
        )}
        <ListPageBody
          noun="credentials"
          list={list}
          onRetry={list.retry}
          isEmpty={credentials.length === 0}
          emptyState={{
            title: 'No credentials yet',
            description:
              'Store the SSH keys, passwords and API tokens the portal logs in with. Secrets are write-only: stored encrypted, nobody can read them back, not even you.',
            canAdd: permissions.canCreate || permissions.loading,
            readOnlyDescription:
              'There are no credentials you can see, and your role cannot add any.',
            action: addButton,
          }}
        >
          <CredentialsTable
            credentials={credentials}
            canEdit={c => permissions.canUpdate(c.scope)}
            canDelete={c => permissions.canDelete(c.scope)}
            onEdit={credential => setForm({ credential })}
            onDelete={setDeleting}
          />
        </ListPageBody>
      </Stack>

      {form && (
        <CredentialFormDialog
          open
          credential={form.credential}
          allowShared={permissions.canManageShared}
          onClose={() => setForm(undefined)}
          onSaved={saved => {
            setNotice(
              form.credential ? `Saved ${saved.name}` : `Stored ${saved.name}`,
            );
            setForm(undefined);
            list.retry();
          }}
        />
      )}

      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete credential"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.deleteCredential(deleting.id);
            setNotice(`Deleted ${deleting.name}`);
            list.retry();
          }}
        >
          <Typography>
            The secret is destroyed and cannot be recovered.{' '}
            {deleting.scope === 'shared'
              ? 'It is shared: everyone who uses it to log in loses it.'
              : 'Anything that logs in with it on your behalf stops working.'}
          </Typography>
        </ConfirmDialog>
      )}

      <SuccessNotice message={notice} onClose={() => setNotice(undefined)} />
    </Box>
  );
}
