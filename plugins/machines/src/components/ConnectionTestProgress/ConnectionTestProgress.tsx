import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import CloseIcon from '@mui/icons-material/Close';
import ReplayIcon from '@mui/icons-material/Replay';
import type {
  ConnectionErrorKind,
  ConnectionTestRequest,
  ConnectionTestRun,
} from '@opssight/plugin-machines-common';
import { ERROR_LABELS } from '../ConnectionStatus';
import { errorMessage } from '../../api';
import type { ConnectionTestState } from '../../hooks/useConnectionTest';

export function describeTestTarget(
  request: ConnectionTestRequest | undefined,
  machineName?: (id: string) => string | undefined,
): string {
  if (!request) return 'machines';
  if (request.all) return 'all machines';
  if (request.group) return `group ${request.group}`;
  const ids = request.machineIds ?? [];
  if (ids.length === 1) return machineName?.(ids[0]) ?? '1 machine';
  return `${ids.length} machines`;
}

/**
 * Each kind of failure in a run with how many machines failed so, most
 * frequent first; failures without a kind count as `unreachable` or `SSH failed`.
 */
export function failureBreakdown(run: ConnectionTestRun | undefined): Array<{
  kind: ConnectionErrorKind | 'other';
  label: string;
  count: number;
}> {
  const counts = new Map<ConnectionErrorKind | 'other', number>();
  for (const result of run?.results ?? []) {
    if (result.sshOk) continue;
    const kind = result.errorKind ?? 'other';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts]
    .map(([kind, count]) => ({
      kind,
      label: kind === 'other' ? 'other failure' : ERROR_LABELS[kind],
      count,
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** A colour per kind of failure, so a breakdown reads at a glance. */
const KIND_COLOURS: Record<ConnectionErrorKind | 'other', string> = {
  refused: '#c62828',
  timeout: '#ef6c00',
  dns: '#6a1b9a',
  auth: '#ad1457',
  hostkey: '#b71c1c',
  protocol: '#4527a0',
  other: '#616161',
};

/** Live progress of a connection test run: a bar with failures in red, counts, and failures by kind. */
export function ConnectionTestProgress(props: {
  state: ConnectionTestState;
  machineName?: (id: string) => string | undefined;
  onDismiss?: () => void;
  /** Offered once a run has finished with failures: test those machines again. */
  onRetestFailed?: (machineIds: string[]) => void;
}) {
  const { state, machineName, onDismiss, onRetestFailed } = props;
  const { run, request, error, running } = state;
  if (!request) return null;

  const target = describeTestTarget(request, machineName);
  if (error) {
    return (
      <Alert
        severity="error"
        onClose={onDismiss}
        data-testid="connection-test-progress"
      >
        Could not test {target}: {errorMessage(error)}
      </Alert>
    );
  }

  const total = run?.total ?? 0;
  const done = run?.done ?? 0;
  const failed = run?.failed ?? 0;
  const ok = done - failed;
  const percent = total > 0 ? (done / total) * 100 : 0;
  const breakdown = failureBreakdown(run);
  const failedIds = (run?.results ?? [])
    .filter(r => !r.sshOk)
    .map(r => r.machineId);
  const failedPercent = total > 0 ? (failed / total) * 100 : 0;

  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      data-testid="connection-test-progress"
      data-status={running ? 'running' : 'completed'}
    >
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
        <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
          {running
            ? `Testing connections to ${target}…`
            : `Connection test of ${target} finished`}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {done} / {total} done
        </Typography>
        <Chip
          size="small"
          color="success"
          variant={ok > 0 ? 'filled' : 'outlined'}
          label={`${ok} ok`}
        />
        <Chip
          size="small"
          color="error"
          variant={failed > 0 ? 'filled' : 'outlined'}
          label={`${failed} failed`}
          data-testid="connection-test-failed"
        />
        {!running && onRetestFailed && failedIds.length > 0 && (
          <Button
            size="small"
            startIcon={<ReplayIcon />}
            onClick={() => onRetestFailed(failedIds)}
          >
            Retest failed
          </Button>
        )}
        {!running && onDismiss && (
          <IconButton
            size="small"
            aria-label="Dismiss connection test result"
            onClick={onDismiss}
          >
            <CloseIcon fontSize="small" />
          </IconButton>
        )}
      </Stack>
      <Box sx={{ position: 'relative' }}>
        <LinearProgress
          variant="determinate"
          value={percent}
          color="success"
          aria-label="Connection test progress"
          sx={{ height: 8, borderRadius: 4 }}
        />
        {failedPercent > 0 && (
          <Box
            aria-hidden
            sx={{
              position: 'absolute',
              top: 0,
              left: 0,
              height: 8,
              width: `${failedPercent}%`,
              bgcolor: 'error.main',
              borderRadius: '4px 0 0 4px',
              transition: 'width .4s linear',
            }}
          />
        )}
      </Box>
      {breakdown.length > 0 && (
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          flexWrap="wrap"
          sx={{ mt: 1 }}
          aria-label="Failures by kind"
          data-testid="connection-test-breakdown"
        >
          {breakdown.map(({ kind, label, count }) => (
            <Chip
              key={kind}
              size="small"
              label={`${label}: ${count}`}
              sx={{ bgcolor: KIND_COLOURS[kind], color: 'common.white' }}
            />
          ))}
        </Stack>
      )}
    </Paper>
  );
}
