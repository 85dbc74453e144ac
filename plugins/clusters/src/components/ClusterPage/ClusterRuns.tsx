import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { HeadedTable } from '@opssight/plugin-api-react';
import { isFinalJobStatus } from '@opssight/plugin-jobs-common';
import { JobProgressBar, JobStatusChip } from '@opssight/plugin-jobs-react';
import { clustersApiRef, errorMessage } from '../../api';
import { formatAgo, formatTime } from '../../format';
import { runRouteRef } from '../../routes';
import { LinkButton } from '../LinkButton';
import { LoadErrorAlert } from '../LoadErrorAlert';

export const RECENT_RUNS = 20;
/** While a run is live, the list follows it this often. */
const REFRESH_MS = 5000;

/** The cluster's latest bulk runs, newest first, each linking to its live page. */
export function ClusterRuns(props: { clusterId: string; newRunLink?: string }) {
  const { clusterId, newRunLink } = props;
  const api = useApi(clustersApiRef);
  const runLink = useRouteRef(runRouteRef);
  const runs = useAsyncRetry(
    () => api.listRuns({ clusterId, limit: RECENT_RUNS }),
    [api, clusterId],
  );
  const live = (runs.value?.items ?? []).some(r => !isFinalJobStatus(r.status));
  const { retry } = runs;
  useEffect(() => {
    if (!live) return undefined;
    const timer = setTimeout(retry, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [live, retry, runs.value]);

  if (!runs.value && runs.loading) return <Progress />;
  if (!runs.value && runs.error) {
    return (
      <LoadErrorAlert onRetry={runs.retry}>
        Could not load the runs: {errorMessage(runs.error)}
      </LoadErrorAlert>
    );
  }
  const items = runs.value?.items ?? [];
  if (items.length === 0) {
    return (
      <Stack alignItems="center" spacing={1} sx={{ py: 4 }}>
        <Typography color="text.secondary">
          No scripts have run on this cluster yet.
        </Typography>
        {newRunLink && (
          <LinkButton to={newRunLink} startIcon={<PlayArrowIcon />}>
            Run a script
          </LinkButton>
        )}
      </Stack>
    );
  }
  return (
    <Box>
      <HeadedTable
        label="Recent runs"
        columns={[
          'Started',
          'Run',
          'Status',
          { label: 'Progress', sx: { minWidth: 220 } },
          'By',
        ]}
      >
        {items.map(run => (
          <TableRow key={run.id} data-testid={`run-row-${run.id}`}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <Link
                to={runLink?.({ id: run.id }) ?? ''}
                title={formatTime(run.createdAt)}
              >
                {formatAgo(run.createdAt)}
              </Link>
            </TableCell>
            <TableCell>
              {run.title}
              {run.rerunOf && (
                <Typography
                  variant="caption"
                  color="text.secondary"
                  component="div"
                >
                  re-run
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <JobStatusChip
                status={run.status}
                cancelRequested={run.cancelRequested}
              />
            </TableCell>
            <TableCell>
              <JobProgressBar progress={run.progress} status={run.status} />
            </TableCell>
            <TableCell>
              <EntityRefLink entityRef={run.createdBy} defaultKind="user" />
            </TableCell>
          </TableRow>
        ))}
      </HeadedTable>
      {runs.value && runs.value.totalCount > items.length && (
        <Typography variant="body2" color="text.secondary" sx={{ p: 1.5 }}>
          The latest {items.length} of {runs.value.totalCount} runs.
        </Typography>
      )}
    </Box>
  );
}
