import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ConnectionResult,
  Machine,
} from '@opssight/plugin-machines-common';
import { machinesApiRef } from '../../api';
import { ConfirmDialog } from '@opssight/plugin-api-react';

/**
 * Asks before forgetting a machine's pinned host key, showing the pinned and the
 * newly seen fingerprints, and forgets it on confirmation.
 */
export function ForgetHostKeyDialog(props: {
  machine: Pick<Machine, 'id' | 'hostname' | 'hostKeyFingerprint'>;
  seen: ConnectionResult | null | undefined;
  onClose: () => void;
  onForgotten: () => void;
}) {
  const { machine, seen, onClose, onForgotten } = props;
  const api = useApi(machinesApiRef);
  return (
    <ConfirmDialog
      open
      severity="warning"
      title={`Forget the pinned host key of ${machine.hostname}?`}
      confirmLabel="Forget pinned key"
      onClose={onClose}
      onConfirm={async () => {
        await api.forgetHostKey(machine.id);
        onForgotten();
      }}
    >
      <Alert severity="warning" sx={{ mb: 2 }}>
        A changed host key is expected after a reinstall or a key rotation, but
        it is also exactly what an attacker in the middle looks like. Only
        forget the key if you know why it changed.
      </Alert>
      <Typography variant="body2" gutterBottom>
        The next successful connection test pins whatever key {machine.hostname}{' '}
        presents then.
      </Typography>
      <Box
        sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}
      >
        <div>Pinned: {machine.hostKeyFingerprint ?? 'none'}</div>
        {seen?.fingerprint && <div>Seen now: {seen.fingerprint}</div>}
      </Box>
    </ConfirmDialog>
  );
}
