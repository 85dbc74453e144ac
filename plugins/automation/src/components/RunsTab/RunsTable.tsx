import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { HeadedTable, TimeAgo, useNow } from '@opssight/plugin-api-react';
import { JOB_STATUSES, type JobStatus } from '@opssight/plugin-jobs-common';
import { JobStatusChip } from '@opssight/plugin-jobs-react';
import type { AutomationRun } from '../../api';
import { who } from '../../format';
import { runRouteRef } from '../../routes';

export function runStatus(run: AutomationRun): JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(run.status)
    ? (run.status as JobStatus)
    : 'queued';
}

/** Who or what started a run, in words. */
export function describeTrigger(run: AutomationRun): string {
  if (run.trigger.startsWith('schedule:')) return 'a schedule';
  if (run.trigger.startsWith('rerun:')) return `${who(run.createdBy)} (re-run)`;
  return who(run.createdBy);
}

/** Runs with their status colour, template, who started them and when. */
export function RunsTable(props: {
  runs: AutomationRun[];
  pagination?: Parameters<typeof HeadedTable>[0]['pagination'];
}) {
  const runLink = useRouteRef(runRouteRef);
  const now = useNow();
  return (
    <HeadedTable
      label="Runs"
      columns={['Status', 'Template', 'Playbook', 'Started by', 'When']}
      pagination={props.pagination}
    >
      {props.runs.map(run => (
        <TableRow key={run.id} hover data-testid="run-row">
          <TableCell>
            <JobStatusChip status={runStatus(run)} />
          </TableCell>
          <TableCell>
            {runLink ? (
              <Link to={runLink({ id: run.id })}>{run.templateName}</Link>
            ) : (
              run.templateName
            )}
          </TableCell>
          <TableCell sx={{ fontFamily: 'monospace' }}>
            {run.projectName} · {run.playbook}
          </TableCell>
          <TableCell>{describeTrigger(run)}</TableCell>
          <TableCell sx={{ whiteSpace: 'nowrap' }}>
            <TimeAgo at={run.createdAt} now={now} />
          </TableCell>
        </TableRow>
      ))}
    </HeadedTable>
  );
}
