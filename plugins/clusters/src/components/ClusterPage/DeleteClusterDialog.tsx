import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type { Cluster } from '@opssight/plugin-clusters-common';
import { clustersApiRef, errorMessage } from '../../api';
import { plural } from '../../format';

/**
 * Confirms deleting a cluster, saying what goes (the cluster, its node roles
 * and change history, its catalog entity with its Kubernetes tab) and what
 * stays (the machines, past runs in the run history, the vault's token).
 */
export function DeleteClusterDialog(props: {
  cluster: Cluster;
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { cluster, open, onClose, onDeleted } = props;
  const api = useApi(clustersApiRef);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string>();

  const remove = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await api.deleteCluster(cluster.id);
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
      setDeleting(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={deleting ? undefined : onClose}
      maxWidth="sm"
      aria-labelledby="delete-cluster-title"
    >
      <DialogTitle id="delete-cluster-title">
        Delete cluster {cluster.name}?
      </DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Typography gutterBottom>
          This deletes the cluster {cluster.name}, its node roles and its change
          history, and its catalog entity (with its Kubernetes tab).
        </Typography>
        <Typography color="text.secondary">
          Its {plural(cluster.nodes.length, 'machine')} stay registered, past
          runs stay in the run history, and its API token stays in the vault.
          This cannot be undone.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={deleting}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="error"
          onClick={remove}
          disabled={deleting}
          startIcon={deleting ? <CircularProgress size={16} /> : undefined}
        >
          Delete cluster
        </Button>
      </DialogActions>
    </Dialog>
  );
}
