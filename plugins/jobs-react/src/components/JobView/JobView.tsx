import { ReactNode, useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import ReplayIcon from '@mui/icons-material/Replay';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { isFinalJobStatus } from '@opssight/plugin-jobs-common';
import { errorMessage } from '@opssight/plugin-api-react';
import { useJobEvents } from '../../hooks/useJobEvents';
import { CancelJobButton, RerunFailedButton } from '../JobActions';
import { ActionButton } from '../JobActions/ActionButton';
import { JobLogView } from '../JobLogView';
import { JobOutputGroups } from '../JobOutputGroups';
import { JobTargetGrid } from '../JobTargetGrid';
import { JobHeader } from './JobHeader';

/**
 * Props of {@link JobView}.
 *
 * @public
 */
export type JobViewProps = {
  /** The job's event stream, e.g. `${baseUrl}/runs/${id}/events` (no token in it). */
  eventsUrl: string;
  /** Offers "Rerun failed (n)" and "Rerun all" once the job is final. */
  onRerun?(targets: 'all' | 'failed'): Promise<void> | void;
  /** Offers "Cancel" while the job is live. */
  onCancel?(): Promise<void> | void;
  /** Below the header's facts line, e.g. the script that ran or the cluster. */
  extraHeader?: ReactNode;
  /** The first tab's name. Default "Hosts". */
  targetsLabel?: string;
  /** Height of the log. Default 560 px. */
  logHeight?: number | string;
};

type JobTab = 'targets' | 'groups' | 'log';

/**
 * Everything about one job, live: header (title, status, who, when, how
 * long), progress, cancel and re-run actions, then the tabs "Hosts" (a tile
 * per target), "Grouped output" (identical outputs once) and "Log". Follows
 * `eventsUrl` with {@link useJobEvents}.
 *
 * @public
 */
export function JobView(props: JobViewProps) {
  const {
    eventsUrl,
    onRerun,
    onCancel,
    extraHeader,
    targetsLabel = 'Hosts',
    logHeight = 560,
  } = props;
  const { job, targets, chunks, ended, connected, error, retry } =
    useJobEvents(eventsUrl);
  const [tab, setTab] = useState<JobTab>('targets');
  const rerunFailed = useCallback(() => onRerun?.('failed'), [onRerun]);
  const rerunAll = useCallback(() => onRerun?.('all'), [onRerun]);

  if (!job) {
    if (error) {
      return (
        <Stack spacing={1} alignItems="flex-start" data-testid="job-view">
          <ResponseErrorPanel
            title={`Could not follow this job: ${errorMessage(error)}`}
            error={error}
          />
          <Button variant="outlined" onClick={retry}>
            Retry
          </Button>
        </Stack>
      );
    }
    return <Progress />;
  }

  const final = isFinalJobStatus(job.status);
  const failedCount =
    targets.length > 0
      ? targets.filter(t => t.status === 'failed').length
      : job.progress.failed;

  return (
    <Stack spacing={2} data-testid="job-view">
      <Paper variant="outlined" sx={{ p: 2 }}>
        <JobHeader
          job={job}
          status={
            !connected &&
            !ended &&
            !error && (
              <Typography variant="caption" color="text.secondary">
                Reconnecting…
              </Typography>
            )
          }
          actions={
            <>
              {onCancel && (
                <CancelJobButton
                  status={job.status}
                  cancelRequested={job.cancelRequested}
                  onCancel={onCancel}
                />
              )}
              {onRerun && (
                <>
                  <RerunFailedButton
                    status={job.status}
                    failedCount={failedCount}
                    onRerun={rerunFailed}
                  />
                  <ActionButton
                    disabled={!final}
                    onAction={rerunAll}
                    icon={<ReplayIcon />}
                  >
                    Rerun all
                  </ActionButton>
                </>
              )}
            </>
          }
        >
          {extraHeader}
          {error && (
            <Alert
              severity="warning"
              sx={{ py: 0 }}
              action={
                <Button color="inherit" size="small" onClick={retry}>
                  Retry
                </Button>
              }
            >
              Live updates stopped: {errorMessage(error)}
            </Alert>
          )}
        </JobHeader>
      </Paper>
      <Paper variant="outlined">
        <Tabs
          value={tab}
          onChange={(_, value: JobTab) => setTab(value)}
          sx={{ px: 1 }}
        >
          <Tab value="targets" label={targetsLabel} />
          <Tab value="groups" label="Grouped output" />
          <Tab value="log" label="Log" />
        </Tabs>
        <Divider />
        <Box sx={{ p: 2 }} role="tabpanel">
          {tab === 'targets' && <JobTargetGrid targets={targets} />}
          {tab === 'groups' && <JobOutputGroups targets={targets} />}
          {tab === 'log' && (
            <JobLogView
              chunks={chunks}
              targets={targets}
              height={logHeight}
              downloadFileName={`job-${job.id}.log`}
              emptyText={final ? 'This job wrote no log.' : 'No output yet.'}
            />
          )}
        </Box>
      </Paper>
    </Stack>
  );
}
