import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type {
  ConnectionResult,
  Machine,
} from '@opssight/plugin-machines-common';

/** Why forgetting a pinned key deserves a second thought. */
export function ForgetHostKeyText(props: {
  machine: Pick<Machine, 'hostname' | 'hostKeyFingerprint'>;
  seen: ConnectionResult | null | undefined;
}) {
  const { machine, seen } = props;
  return (
    <>
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
    </>
  );
}
