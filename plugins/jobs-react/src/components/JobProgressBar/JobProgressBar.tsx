import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { JobProgress, JobStatus } from '@opssight/plugin-jobs-common';
import { toneColor } from '../../status';

/**
 * Props of {@link JobProgressBar}.
 *
 * @public
 */
export type JobProgressBarProps = {
  progress: JobProgress;
  status: JobStatus;
};

/**
 * `12 / 50 done · 2 failed`, as the progress bar shows it.
 *
 * @public
 */
export function describeProgress(progress: JobProgress): string {
  const { done, total, failed } = progress;
  return `${done} / ${total} done${failed > 0 ? ` · ${failed} failed` : ''}`;
}

/**
 * How far a job is: a bar green for the targets done well and red for the
 * failed ones, with `12 / 50 done · 2 failed` beside it. It moves without a
 * value while the job is queued or does not know its targets yet.
 *
 * @public
 */
export function JobProgressBar(props: JobProgressBarProps) {
  const { progress, status } = props;
  const { total, done, failed } = progress;
  const waiting = status === 'queued' || (status === 'running' && total === 0);
  const text = describeProgress(progress);
  const percent = (n: number) => (total > 0 ? (n / total) * 100 : 0);

  return (
    <Stack
      direction="row"
      alignItems="center"
      spacing={1.5}
      data-testid="job-progress"
    >
      <Box sx={{ flexGrow: 1, minWidth: 80 }}>
        {waiting ? (
          <LinearProgress
            aria-label={status === 'queued' ? 'Queued' : 'Starting'}
            sx={{ height: 8, borderRadius: 4 }}
          />
        ) : (
          <Box
            role="progressbar"
            aria-label="Job progress"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
            aria-valuetext={text}
            sx={{
              display: 'flex',
              height: 8,
              borderRadius: 4,
              overflow: 'hidden',
              bgcolor: 'action.hover',
            }}
          >
            <Box
              data-testid="job-progress-succeeded"
              sx={theme => ({
                width: `${percent(done - failed)}%`,
                bgcolor: toneColor(theme, 'success'),
                transition: 'width .4s linear',
              })}
            />
            <Box
              data-testid="job-progress-failed"
              sx={theme => ({
                width: `${percent(failed)}%`,
                bgcolor: toneColor(theme, 'failure'),
                transition: 'width .4s linear',
              })}
            />
          </Box>
        )}
      </Box>
      <Typography
        variant="body2"
        color={failed > 0 ? 'error.main' : 'text.primary'}
        sx={{
          whiteSpace: 'nowrap',
          fontVariantNumeric: 'tabular-nums',
          fontWeight: failed > 0 ? 600 : undefined,
        }}
      >
        {status === 'queued' ? 'Queued' : text}
      </Typography>
    </Stack>
  );
}
