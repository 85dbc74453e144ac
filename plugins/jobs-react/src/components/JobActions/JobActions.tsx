import ReplayIcon from '@mui/icons-material/Replay';
import StopIcon from '@mui/icons-material/Stop';
import { isFinalJobStatus, JobStatus } from '@opssight/plugin-jobs-common';
import { ActionButton } from './ActionButton';

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
  const enabled = isFinalJobStatus(status) && failedCount > 0;
  return (
    <ActionButton
      color="error"
      disabled={!enabled}
      onAction={onRerun}
      icon={<ReplayIcon />}
    >
      Rerun failed ({failedCount})
    </ActionButton>
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
  const live = !isFinalJobStatus(status);
  return (
    <ActionButton
      disabled={!live || cancelRequested}
      onAction={onCancel}
      icon={<StopIcon />}
    >
      {live && cancelRequested ? 'Cancelling…' : 'Cancel'}
    </ActionButton>
  );
}
