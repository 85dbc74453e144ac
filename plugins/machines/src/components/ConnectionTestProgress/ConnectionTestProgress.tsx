import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import CloseIcon from '@mui/icons-material/Close';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ReplayIcon from '@mui/icons-material/Replay';
import { JobProgressBar, JobTargetGrid } from '@opssight/plugin-jobs-react';
import type {
  ConnectionErrorKind,
  ConnectionResult,
  ConnectionTestRequest,
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
 * Each kind of failure among a test's results with how many machines failed
 * so, most frequent first; failures without a kind count as `other failure`.
 */
export function failureBreakdown(
  results: Iterable<ConnectionResult> | undefined,
): Array<{
  kind: ConnectionErrorKind | 'other';
  label: string;
  count: number;
}> {
  const counts = new Map<ConnectionErrorKind | 'other', number>();
  for (const result of results ?? []) {
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

/**
 * Live progress of a connection test (a job followed over its event stream):
 * the job's progress bar, ok and failed counts, failures by kind in colour,
 * Retest failed, and each machine's tile on request.
 */
export function ConnectionTestProgress(props: {
  state: ConnectionTestState;
  machineName?: (id: string) => string | undefined;
  onDismiss?: () => void;
  /** Offered once a test has finished with failures: test those machines again. */
  onRetestFailed?: (machineIds: string[]) => void;
}) {
  const { state, machineName, onDismiss, onRetestFailed } = props;
  const { job, targets, results, request, error, running } = state;
  const [showHosts, setShowHosts] = useState(false);
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

  const progress = job?.progress ?? { total: 0, done: 0, failed: 0 };
  const ok = progress.done - progress.failed;
  const breakdown = failureBreakdown(results.values());
  const failedIds = targets.filter(t => t.status === 'failed').map(t => t.key);

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
        <Chip
          size="small"
          color="success"
          variant={ok > 0 ? 'filled' : 'outlined'}
          label={`${ok} ok`}
        />
        <Chip
          size="small"
          color="error"
          variant={progress.failed > 0 ? 'filled' : 'outlined'}
          label={`${progress.failed} failed`}
          data-testid="connection-test-failed"
        />
        {targets.length > 0 && (
          <Button
            size="small"
            endIcon={showHosts ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            onClick={() => setShowHosts(shown => !shown)}
            aria-expanded={showHosts}
          >
            {showHosts ? 'Hide hosts' : 'Show hosts'}
          </Button>
        )}
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
      <JobProgressBar progress={progress} status={job?.status ?? 'queued'} />
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
      <Collapse in={showHosts} unmountOnExit>
        <Box sx={{ mt: 2 }} data-testid="connection-test-hosts">
          <JobTargetGrid targets={targets} />
        </Box>
      </Collapse>
    </Paper>
  );
}
