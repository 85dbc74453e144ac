import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Tooltip from '@mui/material/Tooltip';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HelpOutlineIcon from '@mui/icons-material/HelpOutline';
import type {
  ConnectionErrorKind,
  ConnectionResult,
} from '@opssight/plugin-machines-common';
import {
  credentialLabel,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';

export type ConnectionTone = 'ok' | 'failed' | 'never' | 'testing';

/** What each kind of failure is called, in an operator's words. */
export const ERROR_LABELS: Record<ConnectionErrorKind, string> = {
  dns: 'DNS failed',
  refused: 'refused',
  timeout: 'timeout',
  hostkey: 'host key changed',
  protocol: 'protocol error',
  auth: 'auth failed',
};

/** What a connection result looks like at a glance: a tone and a few words. */
export function describeConnection(
  result: ConnectionResult | null | undefined,
  testing = false,
): { tone: ConnectionTone; label: string } {
  if (testing) {
    return { tone: 'testing', label: 'testing…' };
  }
  if (!result) {
    return { tone: 'never', label: 'never tested' };
  }
  if (result.sshOk) {
    return {
      tone: 'ok',
      label:
        result.latencyMs === null
          ? 'SSH ok'
          : `SSH ok · ${Math.round(result.latencyMs)} ms`,
    };
  }
  if (result.errorKind) {
    return { tone: 'failed', label: ERROR_LABELS[result.errorKind] };
  }
  return {
    tone: 'failed',
    label: result.reachable ? 'SSH failed' : 'unreachable',
  };
}

export function formatCheckedAt(iso: string, now = Date.now()): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) {
    return iso;
  }
  const seconds = Math.round((now - time.getTime()) / 1000);
  let ago: string;
  if (seconds < 60) ago = 'just now';
  else if (seconds < 3600) ago = `${Math.floor(seconds / 60)} min ago`;
  else if (seconds < 86400) ago = `${Math.floor(seconds / 3600)} h ago`;
  else ago = `${Math.floor(seconds / 86400)} d ago`;
  return `${time.toLocaleString()} (${ago})`;
}

/** The credential a test logged in with, by name when the user sees it in the vault. */
function CredentialUsed(props: { id: string }) {
  const { visible } = useLoginCredentials();
  const credential = visible.find(c => c.id === props.id);
  return (
    <div>Credential: {credential ? credentialLabel(credential) : props.id}</div>
  );
}

/** The details behind a status chip: message, credential, fingerprint and time of the test. */
export function ConnectionDetails(props: { result: ConnectionResult }) {
  const { result } = props;
  return (
    <Box sx={{ fontSize: 12, lineHeight: 1.5, maxWidth: 420 }}>
      {result.message && <div>{result.message}</div>}
      {result.credentialId && <CredentialUsed id={result.credentialId} />}
      {result.latencyMs !== null && (
        <div>TCP connect: {Math.round(result.latencyMs)} ms</div>
      )}
      {result.fingerprint && (
        <Box sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          Host key: {result.fingerprint}
        </Box>
      )}
      <div>Tested {formatCheckedAt(result.checkedAt)}</div>
    </Box>
  );
}

const CHIP_PROPS = {
  ok: { color: 'success', icon: <CheckCircleIcon /> },
  failed: { color: 'error', icon: <ErrorIcon /> },
  never: { color: 'default', icon: <HelpOutlineIcon /> },
  testing: {
    color: 'info',
    icon: <CircularProgress size={12} color="inherit" sx={{ ml: 0.75 }} />,
  },
} as const;

/** Green, red or grey chip for the last connection test of a machine. */
export function ConnectionStatusChip(props: {
  result: ConnectionResult | null | undefined;
  testing?: boolean;
}) {
  const { result, testing } = props;
  const { tone, label } = describeConnection(result, testing);
  const chip = (
    <Chip
      size="small"
      variant={tone === 'never' ? 'outlined' : 'filled'}
      label={label}
      data-testid="connection-status"
      data-status={tone}
      {...CHIP_PROPS[tone]}
    />
  );
  if (!result || testing) {
    return chip;
  }
  return (
    <Tooltip arrow title={<ConnectionDetails result={result} />} describeChild>
      {chip}
    </Tooltip>
  );
}
