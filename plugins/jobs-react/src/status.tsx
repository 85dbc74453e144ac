import type { ReactElement } from 'react';
import type { Theme } from '@mui/material/styles';
import { purple } from '@mui/material/colors';
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import PowerOffIcon from '@mui/icons-material/PowerOff';
import ScheduleIcon from '@mui/icons-material/Schedule';
import SkipNextIcon from '@mui/icons-material/SkipNext';
import TimerOffIcon from '@mui/icons-material/TimerOff';
import SyncIcon from '@mui/icons-material/Sync';
import type {
  JobStatus,
  TargetErrorKind,
  TargetStatus,
} from '@opssight/plugin-jobs-common';

/**
 * The few colours every job view uses, so a status looks the same on the
 * chip, the progress bar, the host tiles and the output groups.
 *
 * @public
 */
export type StatusTone =
  | 'waiting'
  | 'running'
  | 'success'
  | 'failure'
  | 'stopped'
  | 'timeout'
  | 'interrupted';

/**
 * How one status looks.
 *
 * @public
 */
export type StatusLook = {
  label: string;
  tone: StatusTone;
  /** Not started (yet): drawn outlined rather than filled. */
  hollow?: boolean;
  icon: ReactElement;
};

const spin = {
  '@keyframes opssight-jobs-spin': {
    from: { transform: 'rotate(0deg)' },
    to: { transform: 'rotate(360deg)' },
  },
  animation: 'opssight-jobs-spin 1.6s linear infinite',
  '@media (prefers-reduced-motion: reduce)': { animation: 'none' },
};

/** The statuses jobs and targets share look the same on both. */
const SHARED_LOOK = {
  running: { label: 'Running', tone: 'running', icon: <SyncIcon sx={spin} /> },
  succeeded: { label: 'Succeeded', tone: 'success', icon: <CheckCircleIcon /> },
  failed: { label: 'Failed', tone: 'failure', icon: <ErrorIcon /> },
  cancelled: { label: 'Cancelled', tone: 'stopped', icon: <BlockIcon /> },
} satisfies Record<JobStatus & TargetStatus, StatusLook>;

/**
 * How each job status looks: queued grey, running blue (turning), succeeded
 * green, failed red, cancelled grey, timed out orange, interrupted purple.
 *
 * @public
 */
export const JOB_STATUS_LOOK: Record<JobStatus, StatusLook> = {
  queued: {
    label: 'Queued',
    tone: 'waiting',
    hollow: true,
    icon: <ScheduleIcon />,
  },
  ...SHARED_LOOK,
  timed_out: { label: 'Timed out', tone: 'timeout', icon: <TimerOffIcon /> },
  interrupted: {
    label: 'Interrupted',
    tone: 'interrupted',
    icon: <PowerOffIcon />,
  },
};

/**
 * How each target status looks, in the same colours as the job's.
 *
 * @public
 */
export const TARGET_STATUS_LOOK: Record<TargetStatus, StatusLook> = {
  pending: {
    label: 'Pending',
    tone: 'waiting',
    hollow: true,
    icon: <HourglassEmptyIcon />,
  },
  ...SHARED_LOOK,
  skipped: {
    label: 'Skipped',
    tone: 'stopped',
    hollow: true,
    icon: <SkipNextIcon />,
  },
};

/**
 * Why a target failed, as an operator says it.
 *
 * @public
 */
export const TARGET_ERROR_LABEL: Record<TargetErrorKind, string> = {
  connect: 'unreachable',
  auth: 'auth failed',
  'hostkey-unpinned': 'host key not pinned — run a connection test first',
  'hostkey-changed': 'host key CHANGED — possible interception',
  timeout: 'timed out',
  exec: 'command failed',
};

/**
 * The colour of a tone in the current theme.
 *
 * @public
 */
export function toneColor(theme: Theme, tone: StatusTone): string {
  switch (tone) {
    case 'running':
      return theme.palette.info.main;
    case 'success':
      return theme.palette.success.main;
    case 'failure':
      return theme.palette.error.main;
    case 'timeout':
      return theme.palette.warning.main;
    case 'interrupted':
      return theme.palette.mode === 'dark' ? purple[300] : purple[600];
    default:
      return theme.palette.mode === 'dark'
        ? theme.palette.grey[500]
        : theme.palette.grey[600];
  }
}

/** Background and text colour of something filled with a tone. */
export function toneFill(theme: Theme, tone: StatusTone) {
  const background = toneColor(theme, tone);
  return { background, text: theme.palette.getContrastText(background) };
}

/** A slow pulse for things that are in progress. */
export const pulse = {
  '@keyframes opssight-jobs-pulse': {
    '0%, 100%': { opacity: 1 },
    '50%': { opacity: 0.65 },
  },
  animation: 'opssight-jobs-pulse 1.6s ease-in-out infinite',
  '@media (prefers-reduced-motion: reduce)': { animation: 'none' },
};
