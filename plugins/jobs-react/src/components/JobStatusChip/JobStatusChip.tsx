import Chip from '@mui/material/Chip';
import type { JobStatus, TargetStatus } from '@opssight/plugin-jobs-common';
import {
  JOB_STATUS_LOOK,
  StatusLook,
  TARGET_STATUS_LOOK,
  toneColor,
} from '../../status';

function StatusChip(props: {
  look: StatusLook;
  label: string;
  status: string;
  testId: string;
}) {
  const { look, label, status, testId } = props;
  return (
    <Chip
      size="small"
      icon={look.icon}
      label={label}
      variant={look.hollow ? 'outlined' : 'filled'}
      data-testid={testId}
      data-status={status}
      sx={theme => {
        const color = toneColor(theme, look.tone);
        return {
          fontWeight: 600,
          ...(look.hollow
            ? { borderColor: color, color }
            : {
                bgcolor: color,
                color: theme.palette.getContrastText(color),
              }),
          '& .MuiChip-icon': { color: 'inherit' },
        };
      }}
    />
  );
}

/**
 * Props of {@link JobStatusChip}.
 *
 * @public
 */
export type JobStatusChipProps = {
  status: JobStatus;
  /** Someone asked to cancel the live job: shows "Cancelling…". */
  cancelRequested?: boolean;
};

/**
 * A job's status as a coloured chip (see `JOB_STATUS_LOOK`).
 *
 * @public
 */
export function JobStatusChip(props: JobStatusChipProps) {
  const { status, cancelRequested } = props;
  const look = JOB_STATUS_LOOK[status] ?? JOB_STATUS_LOOK.queued;
  const cancelling =
    cancelRequested && (status === 'queued' || status === 'running');
  return (
    <StatusChip
      look={look}
      label={cancelling ? 'Cancelling…' : look.label}
      status={status}
      testId="job-status"
    />
  );
}

/**
 * Props of {@link TargetStatusChip}.
 *
 * @public
 */
export type TargetStatusChipProps = { status: TargetStatus };

/**
 * One target's status as a coloured chip, in the job chip's colours.
 *
 * @public
 */
export function TargetStatusChip(props: TargetStatusChipProps) {
  const look = TARGET_STATUS_LOOK[props.status] ?? TARGET_STATUS_LOOK.pending;
  return (
    <StatusChip
      look={look}
      label={look.label}
      status={props.status}
      testId="target-status"
    />
  );
}
