import { ReactNode, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useApi,
  useRouteRef,
  useRouteRefParams,
} from '@backstage/frontend-plugin-api';
import {
  errorStatus,
  friendlyMessage,
  TitledCard,
} from '@opssight/plugin-api-react';
import { isFinalJobStatus } from '@opssight/plugin-jobs-common';
import { JobView } from '@opssight/plugin-jobs-react';
import { automationApiRef, type AutomationRun } from '../../api';
import { useAutomationPermissions } from '../../hooks/useAutomationPermissions';
import { runRouteRef } from '../../routes';
import { HostTaskGrid, RecapTable, TaskResultDialog } from '../HostTaskGrid';
import { ResolvedInventoryView } from '../InventoriesTab/ResolvedInventoryView';
import { describeTrigger } from '../RunsTab/RunsTable';

/** How often the grid is asked again while the run goes. */
const RESULTS_INTERVAL_MS = 2000;

function Fact(props: { label: string; value: ReactNode }) {
  return (
    <Typography variant="body2" component="span">
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {props.label}{' '}
      </Box>
      {props.value}
    </Typography>
  );
}

/** What ran: the template, the project's exact version or commit, the inventory. */
export function RunFacts(props: { run: AutomationRun }) {
  const { run } = props;
  const source =
    run.source.kind === 'files'
      ? `version ${run.source.version}`
      : `${run.source.ref} @ ${
          run.source.commit
            ? run.source.commit.slice(0, 12)
            : 'commit not known yet'
        }`;
  return (
    <Stack direction="row" spacing={3} flexWrap="wrap" useFlexGap>
      <Fact label="Template" value={run.templateName} />
      <Fact label="Project" value={`${run.projectName} · ${source}`} />
      <Fact
        label="Playbook"
        value={<Box component="code">{run.playbook}</Box>}
      />
      <Fact label="Inventory" value={run.inventoryName} />
      <Fact label="Started by" value={describeTrigger(run)} />
    </Stack>
  );
}

/** The inventory snapshot the run used, as it was when the run started. */
function InventorySnapshot(props: { runId: string; sha256: string }) {
  const api = useApi(automationApiRef);
  const [open, setOpen] = useState(false);
  const snapshot = useAsync(
    async () => (open ? api.getRunInventory(props.runId) : undefined),
    [api, props.runId, open],
  );
  return (
    <TitledCard
      title="Inventory snapshot"
      subheader={`The hosts as they were when the run started · sha256 ${props.sha256.slice(
        0,
        12,
      )}`}
      action={
        <Button onClick={() => setOpen(!open)}>{open ? 'Hide' : 'Show'}</Button>
      }
    >
      {open && snapshot.loading && <Progress />}
      {snapshot.error && (
        <Alert severity="error">{friendlyMessage(snapshot.error)}</Alert>
      )}
      {open && snapshot.value && (
        <ResolvedInventoryView
          resolved={{
            hosts: snapshot.value.hosts.map(h => ({
              ...h,
              user: h.user ?? null,
            })),
            groups: Object.fromEntries(
              Object.entries(snapshot.value.groups ?? {}).map(([name, g]) => [
                name,
                { hosts: g.hosts, children: g.children ?? [] },
              ]),
            ),
            unready: [],
          }}
        />
      )}
    </TitledCard>
  );
}

/**
 * `/automation/runs/:id`: one run, live: progress, the log, per-host results,
 * then the host × task grid, the recap and what it ran with.
 */
export function RunPage() {
  const { id } = useRouteRefParams(runRouteRef);
  const api = useApi(automationApiRef);
  const permissions = useAutomationPermissions();
  const navigate = useNavigate();
  const runLink = useRouteRef(runRouteRef);
  const details = useAsyncRetry(() => api.getRun(id), [api, id]);
  const eventsUrl = useAsync(() => api.runEventsUrl(id), [api, id]);
  const results = useAsyncRetry(() => api.getRunResults(id), [api, id]);
  const [cell, setCell] = useState<{ host: string; taskId: string }>();

  const live = details.value
    ? !isFinalJobStatus(details.value.job.status)
    : true;
  const { retry: retryResults } = results;
  const { retry: retryDetails } = details;
  useEffect(() => {
    if (!live || details.error) return undefined;
    const timer = setInterval(() => {
      retryResults();
      retryDetails();
    }, RESULTS_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live, details.error, retryResults, retryDetails]);

  let content;
  const error = details.error ?? eventsUrl.error;
  if (error && !details.value) {
    content =
      errorStatus(error) === 404 ? (
        <Alert severity="warning">
          No such run. Every run is on the Runs tab of Automation.
        </Alert>
      ) : (
        <Alert
          severity="error"
          action={<Button onClick={details.retry}>Retry</Button>}
        >
          Could not load the run: {friendlyMessage(error)}
        </Alert>
      );
  } else if (!details.value || !eventsUrl.value) {
    content = <Progress />;
  } else {
    const { run } = details.value;
    const taskName = (taskId: string) =>
      results.value?.tasks.find(t => t.id === taskId)?.name ?? 'task';
    content = (
      <Stack spacing={3}>
        <JobView
          key={id}
          eventsUrl={eventsUrl.value}
          extraHeader={<RunFacts run={run} />}
          {...(permissions.canRun && {
            onCancel: () => api.cancelRun(id),
            onRerun: async (targets: 'all' | 'failed') => {
              const rerun = await api.rerun(id, targets);
              if (runLink) navigate(runLink({ id: rerun.job.id }));
            },
          })}
        />
        <TitledCard title="Hosts × tasks">
          {results.error && !results.value && (
            <Alert severity="error">
              Could not load the results: {friendlyMessage(results.error)}
            </Alert>
          )}
          {!results.error && !results.value && <Progress />}
          {results.value && (
            <HostTaskGrid
              results={results.value}
              onCellClick={(host, taskId) => setCell({ host, taskId })}
            />
          )}
          {results.value && results.value.hostKeyChanged.length > 0 && (
            <Alert severity="error" sx={{ mt: 2 }}>
              Host key changed on {results.value.hostKeyChanged.join(', ')}:
              they were not trusted, and count as unreachable. Test the machines
              again once you know why their key changed.
            </Alert>
          )}
        </TitledCard>
        {results.value?.recap && (
          <TitledCard title="Play recap">
            <RecapTable recap={results.value.recap} />
          </TitledCard>
        )}
        <InventorySnapshot runId={id} sha256={run.inventorySha256} />
        {cell && (
          <TaskResultDialog
            runId={id}
            host={cell.host}
            taskId={cell.taskId}
            taskName={taskName(cell.taskId)}
            onClose={() => setCell(undefined)}
          />
        )}
      </Stack>
    );
  }

  return (
    <BreadcrumbEntry
      entry={{
        label: details.value?.run.templateName ?? 'Run',
        href: '',
      }}
    >
      <Box sx={{ p: 3 }}>{content}</Box>
    </BreadcrumbEntry>
  );
}
