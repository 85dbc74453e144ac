import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  HeadedTable,
  ListPageBody,
  TitledCard,
} from '@opssight/plugin-api-react';
import { JOB_STATUSES } from '@opssight/plugin-jobs-common';
import { JOB_STATUS_LOOK } from '@opssight/plugin-jobs-react';
import { automationApiRef } from '../../api';
import { formatTime } from '../../format';
import { RunsTable } from '../RunsTab/RunsTable';

/** The automation home: counts, the latest runs, and what runs next. */
export function HomeTab() {
  const api = useApi(automationApiRef);
  const summary = useAsyncRetry(() => api.getSummary(), [api]);
  const counts = summary.value?.counts ?? {};
  return (
    <ListPageBody
      noun="the automation overview"
      list={summary}
      onRetry={summary.retry}
      frameless
    >
      <Stack spacing={3}>
        <Grid container spacing={2} aria-label="Runs by status">
          {JOB_STATUSES.filter(status => counts[status]).map(status => (
            <Grid item key={status} xs={6} sm={4} md={2}>
              <Stack
                sx={{
                  p: 2,
                  border: 1,
                  borderColor: 'divider',
                  borderRadius: 1,
                }}
                data-testid={`count-${status}`}
              >
                <Typography variant="h5">{counts[status]}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {JOB_STATUS_LOOK[status].label}
                </Typography>
              </Stack>
            </Grid>
          ))}
        </Grid>
        <TitledCard title="Recent runs">
          {summary.value?.recentRuns.length ? (
            <RunsTable runs={summary.value.recentRuns} />
          ) : (
            <Typography color="text.secondary">
              No runs yet: start one from a template.
            </Typography>
          )}
        </TitledCard>
        <TitledCard title="Schedules due next">
          {summary.value?.nextSchedules.length ? (
            <HeadedTable
              label="Schedules due next"
              columns={['Schedule', 'Next run']}
            >
              {summary.value.nextSchedules.map(schedule => (
                <TableRow key={schedule.id}>
                  <TableCell>{schedule.name}</TableCell>
                  <TableCell>{formatTime(schedule.nextFireAt)}</TableCell>
                </TableRow>
              ))}
            </HeadedTable>
          ) : (
            <Typography color="text.secondary">
              No schedule is enabled.
            </Typography>
          )}
        </TitledCard>
      </Stack>
    </ListPageBody>
  );
}
