import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import { ConfirmDialog } from '@opssight/plugin-api-react';
import type { Machine } from '@opssight/plugin-machines-common';
import { errorMessage, machinesApiRef } from '../../api';

/**
 * Asks before deleting a machine. A machine that is a node of clusters is
 * named with them, and deleted only together with leaving them (the backend
 * refuses otherwise), so no cluster is left with a node pointing at nothing.
 */
export function DeleteMachineDialog(props: {
  machine: Machine;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { machine, onClose, onDeleted } = props;
  const api = useApi(machinesApiRef);
  const clusters = useAsync(
    () => api.clustersOfMachine(machine.ip),
    [api, machine.ip],
  );
  const [leave, setLeave] = useState(false);
  const names = clusters.value ?? [];
  const plural = names.length === 1 ? 'cluster' : 'clusters';

  return (
    <ConfirmDialog
      title={`Delete ${machine.hostname}?`}
      confirmLabel="Delete machine"
      onClose={onClose}
      onConfirm={async () => {
        if (names.length > 0 && leave) {
          await api.removeFromClusters(machine.ip, names);
        }
        await api.deleteMachine(machine.id);
        onDeleted();
      }}
    >
      <Typography>
        {machine.hostname} ({machine.ip}) leaves the registry and its catalog
        entity goes with it. Its groups and other machines stay.
      </Typography>
      {clusters.error && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          Could not find out which clusters it is a node of:{' '}
          {errorMessage(clusters.error)}
        </Alert>
      )}
      {names.length > 0 && (
        <Alert
          severity="warning"
          sx={{ mt: 2 }}
          data-testid="delete-machine-clusters"
        >
          {`${machine.hostname} is a node of ${plural} ${names.join(
            ', ',
          )}: it can be deleted only once it has left ${
            names.length === 1 ? 'it' : 'them'
          }.`}
          <FormControlLabel
            sx={{ display: 'flex', mt: 1 }}
            control={
              <Checkbox
                checked={leave}
                onChange={e => setLeave(e.target.checked)}
              />
            }
            label={`Remove it from ${
              names.length === 1 ? 'this cluster' : 'these clusters'
            } too`}
          />
        </Alert>
      )}
    </ConfirmDialog>
  );
}
