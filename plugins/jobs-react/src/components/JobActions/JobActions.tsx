import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ReplayIcon from '@mui/icons-material/Replay';
import StopIcon from '@mui/icons-material/Stop';
import { isFinalJobStatus, JobStatus } from '@opssight/plugin-jobs-common';
import { useAsyncAction } from './useAsyncAction';

function ActionError(props: { error?: string }) {
  if (!props.error) return null;
  return (
    <Typography variant="caption" color="error" role="alert">
      {props.error}
    </Typography>
  );
}

/**
 * Props of {@link RerunFailedButton}.
 *
 * @public
 */
export type RerunFailedButtonProps = {
  status: JobStatus;
  /** How many targets failed (e.g. `job.progress.failed`). */
  failedCount: number;
  /** Starts the re-run; the button waits for it and shows its error. */
  onRerun(): Promise<void> | void;
};

/**
 * "Rerun failed (2)": enabled once the job is final and some targets failed.
 *
 * @public
 */
export function RerunFailedButton(props: RerunFailedButtonProps) {
  const { status, failedCount, onRerun } = props;
  const { run, busy, error } = useAsyncAction(onRerun);
  const enabled = isFinalJobStatus(status) && failedCount > 0 && !busy;
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <ActionError error={error} />
      <Button
        variant="outlined"
        color="error"
        size="small"
        disabled={!enabled}
        onClick={run}
        startIcon={
          busy ? <CircularProgress size={14} color="inherit" /> : <ReplayIcon />
        }
      >
        Rerun failed ({failedCount})
      </Button>
    </Stack>
  );
}

/**
 * Props of {@link CancelJobButton}.
 *
 * @public
 */
export type CancelJobButtonProps = {
  status: JobStatus;
  /** Someone already asked: the button says "Cancelling…" and stays disabled. */
  cancelRequested?: boolean;
  onCancel(): Promise<void> | void;
};

/**
 * "Cancel": enabled while the job is queued or running.
 *
 * @public
 */
export function CancelJobButton(props: CancelJobButtonProps) {
  const { status, cancelRequested, onCancel } = props;
  const { run, busy, error } = useAsyncAction(onCancel);
  const live = !isFinalJobStatus(status);
  return (
    <Stack direction="row" spacing={1} alignItems="center">
      <ActionError error={error} />
      <Button
        variant="outlined"
        size="small"
        disabled={!live || cancelRequested || busy}
        onClick={run}
        startIcon={
          busy ? <CircularProgress size={14} color="inherit" /> : <StopIcon />
        }
      >
        {live && cancelRequested ? 'Cancelling…' : 'Cancel'}
      </Button>
    </Stack>
  );
}
