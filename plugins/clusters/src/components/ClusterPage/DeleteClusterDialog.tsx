import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import { ConfirmDialog } from '@opssight/plugin-api-react';
import type { Cluster } from '@opssight/plugin-clusters-common';
import { clustersApiRef } from '../../api';
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

  return (
    <ConfirmDialog
      open={open}
      title={`Delete cluster ${cluster.name}?`}
      confirmLabel="Delete cluster"
      onConfirm={async () => {
        await api.deleteCluster(cluster.id);
        onDeleted();
      }}
      onClose={onClose}
    >
      <Typography gutterBottom>
        This deletes the cluster {cluster.name}, its node roles and its change
        history, and its catalog entity (with its Kubernetes tab).
      </Typography>
      <Typography color="text.secondary">
        Its {plural(cluster.nodes.length, 'machine')} stay registered, past runs
        stay in the run history, and its API token stays in the vault. This
        cannot be undone.
      </Typography>
    </ConfirmDialog>
  );
}
