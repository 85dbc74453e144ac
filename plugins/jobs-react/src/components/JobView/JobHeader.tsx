import { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Job } from '@opssight/plugin-jobs-common';
import {
  elapsedMs,
  formatCreatedBy,
  formatDuration,
  formatTime,
} from '../../format';
import { useNow } from '@opssight/plugin-api-react';
import { JobProgressBar } from '../JobProgressBar';
import { JobStatusChip } from '../JobStatusChip';

/**
 * Props of {@link JobHeader}.
 *
 * @public
 */
export type JobHeaderProps = {
  job: Job;
  /** Buttons, right-aligned beside the title. */
  actions?: ReactNode;
  /** Beside the status chip, e.g. "Reconnecting…". */
  status?: ReactNode;
  /** Below the facts line: what the owning plugin adds (cluster, script…). */
  children?: ReactNode;
};

/** `by alice · 05/01/2026, 10:00:00 · took 12 s`. */
export function describeJobFacts(job: Job, now: number): string {
  const parts = [
    `by ${formatCreatedBy(job.createdBy)}`,
    formatTime(job.createdAt),
  ];
  const ms = elapsedMs(job.startedAt, job.finishedAt, now);
  if (ms !== undefined) {
    parts.push(
      job.finishedAt
        ? `took ${formatDuration(ms)}`
        : `running for ${formatDuration(ms)}`,
    );
  }
  if (job.rerunOf) parts.push(`re-run of ${job.rerunOf}`);
  return parts.join(' · ');
}

/**
 * A job's title, status, who started it and when, how long it took (ticking
 * while it runs), its own error, and the progress bar.
 *
 * @public
 */
export function JobHeader(props: JobHeaderProps) {
  const { job, actions, status, children } = props;
  const now = useNow(job.status === 'running' && !job.finishedAt);
  return (
    <Stack spacing={1.25} data-testid="job-header">
      <Stack
        direction="row"
        alignItems="center"
        spacing={1.5}
        useFlexGap
        flexWrap="wrap"
      >
        <Typography
          variant="h6"
          component="h2"
          sx={{ wordBreak: 'break-word' }}
        >
          {job.title}
        </Typography>
        <JobStatusChip
          status={job.status}
          cancelRequested={job.cancelRequested}
        />
        {status}
        <Stack
          direction="row"
          spacing={1}
          alignItems="center"
          sx={{ ml: 'auto' }}
        >
          {actions}
        </Stack>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {describeJobFacts(job, now)}
      </Typography>
      {children}
      {job.error && (
        <Alert severity="error" sx={{ py: 0 }}>
          {job.error}
        </Alert>
      )}
      <JobProgressBar progress={job.progress} status={job.status} />
    </Stack>
  );
}
