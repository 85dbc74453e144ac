import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  Credential,
  CredentialListItem,
} from '@opssight/plugin-vault-common';
import { errorMessage, vaultApiRef } from '../../api';
import { useVaultPermissions } from '../../hooks/useVaultPermissions';
import { CredentialFormDialog } from '../CredentialFormDialog';
import { CredentialsTable } from '../CredentialsTable';

function DeleteCredentialDialog(props: {
  credential: CredentialListItem;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { credential, onClose, onDeleted } = props;
  const api = useApi(vaultApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.deleteCredential(credential.id);
      onDeleted();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="delete-credential-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="delete-credential-title">
        Delete {credential.name}?
      </DialogTitle>
      <DialogContent>
        <Typography>
          The secret is destroyed and cannot be recovered.{' '}
          {credential.scope === 'shared'
            ? 'It is shared: everyone who uses it to log in loses it.'
            : 'Anything that logs in with it on your behalf stops working.'}
        </Typography>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="error"
          onClick={confirm}
          disabled={busy}
        >
          Delete credential
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function CredentialsPage() {
  const api = useApi(vaultApiRef);
  const permissions = useVaultPermissions();
  const list = useAsyncRetry(() => api.listCredentials(), [api]);
  const [form, setForm] = useState<{ credential?: Credential }>();
  const [deleting, setDeleting] = useState<CredentialListItem>();
  const [notice, setNotice] = useState<string>();

  const credentials = list.value ?? [];
  const addButton = permissions.canCreate && (
    <Button
      startIcon={<AddIcon />}
      variant="contained"
      onClick={() => setForm({})}
    >
      Add credential
    </Button>
  );

  let body;
  if (!list.value && list.loading) {
    body = <Progress />;
  } else if (!list.value && list.error) {
    body = (
      <Alert
        severity="error"
        variant="outlined"
        action={
          <Button color="inherit" onClick={list.retry}>
            Retry
          </Button>
        }
      >
        <AlertTitle>Could not load credentials</AlertTitle>
        {errorMessage(list.error)}
      </Alert>
    );
  } else if (credentials.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No credentials yet"
        description={
          permissions.canCreate || permissions.loading
            ? 'Store the SSH keys, passwords and API tokens the portal logs in with. Secrets are write-only: stored encrypted, nobody can read them back, not even you.'
            : 'There are no credentials you can see, and your role cannot add any.'
        }
        action={addButton || undefined}
      />
    );
  } else {
    body = (
      <Paper variant="outlined">
        <Box sx={{ height: 4 }}>
          {list.loading && <LinearProgress aria-label="Loading credentials" />}
        </Box>
        {list.error && (
          <Alert
            severity="error"
            action={<Button onClick={list.retry}>Retry</Button>}
          >
            {errorMessage(list.error)}
          </Alert>
        )}
        <CredentialsTable
          credentials={credentials}
          canEdit={c => permissions.canUpdate(c.scope)}
          canDelete={c => permissions.canDelete(c.scope)}
          onEdit={credential => setForm({ credential })}
          onDelete={setDeleting}
        />
      </Paper>
    );
  }

  return (
    <Box sx={{ p: 3 }}>
      <Stack spacing={2}>
        {credentials.length > 0 && (
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography
              variant="subtitle1"
              color="text.secondary"
              sx={{ flexGrow: 1 }}
              data-testid="credentials-count"
            >
              {credentials.length}{' '}
              {credentials.length === 1 ? 'credential' : 'credentials'} ·
              secrets are write-only and never shown
            </Typography>
            {addButton}
          </Stack>
        )}
        {body}
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
        <DeleteCredentialDialog
          credential={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setNotice(`Deleted ${deleting.name}`);
            list.retry();
          }}
        />
      )}

      <Snackbar
        open={!!notice}
        autoHideDuration={5000}
        onClose={() => setNotice(undefined)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity="success"
          variant="filled"
          onClose={() => setNotice(undefined)}
        >
          {notice}
        </Alert>
      </Snackbar>
    </Box>
  );
}
