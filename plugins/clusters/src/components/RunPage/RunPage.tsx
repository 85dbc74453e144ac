import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link, Progress } from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  credentialLabel,
  useLoginCredentials,
} from '@opssight/plugin-vault-react';
import type {
  BulkRunParams,
  RunTargetSelection,
} from '@opssight/plugin-clusters-common';
import type { Job } from '@opssight/plugin-jobs-common';
import { JobView } from '@opssight/plugin-jobs-react';
import { clustersApiRef } from '../../api';
import { plural } from '../../format';
import { useClusterPage } from '../../hooks/useClusterPage';
import { clusterRouteRef, runRouteRef } from '../../routes';
import { AllClustersButton, PageLoadError } from '../LoadErrorAlert';

const ROLE_WORDS = {
  all: 'all nodes',
  master: 'masters',
  worker: 'workers',
} as const;

function describeTargets(
  targets: RunTargetSelection | undefined,
  clusterName?: string,
) {
  if (!targets) return 'unknown targets';
  if ('clusterId' in targets) {
    return `${ROLE_WORDS[targets.role ?? 'all']} of ${
      clusterName ?? 'the cluster'
    }`;
  }
  if ('group' in targets) return `group ${targets.group}`;
  return plural(targets.machineIds.length, 'picked machine');
}

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

/** What ran, and how: the script, and the settings it ran with. */
function RunParams(props: { job: Job }) {
  const params = props.job.params as Partial<BulkRunParams>;
  const api = useApi(clustersApiRef);
  const clusterLink = useRouteRef(clusterRouteRef);
  const credentials = useLoginCredentials();
  const cluster = useAsync(
    async () =>
      params.clusterId ? api.getCluster(params.clusterId) : undefined,
    [api, params.clusterId],
  );
  const credential = credentials.visible.find(
    c => c.id === params.credentialId,
  );
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={3} flexWrap="wrap" useFlexGap>
        {params.clusterId && clusterLink && (
          <Fact
            label="Cluster"
            value={
              <Link to={clusterLink({ id: params.clusterId })}>
                {cluster.value?.name ?? 'the cluster'}
              </Link>
            }
          />
        )}
        <Fact
          label="On"
          value={describeTargets(params.targets, cluster.value?.name)}
        />
        <Fact
          label="Logged in with"
          value={
            credential
              ? credentialLabel(credential)
              : params.credentialId ?? '—'
          }
        />
        <Fact label="As root (sudo)" value={params.sudo ? 'yes' : 'no'} />
        <Fact label="Concurrency" value={params.concurrency ?? '—'} />
        <Fact
          label="Timeout per host"
          value={params.timeoutSeconds ? `${params.timeoutSeconds} s` : '—'}
        />
        {params.snippetName && (
          <Fact label="Snippet" value={params.snippetName} />
        )}
      </Stack>
      <Box
        component="pre"
        aria-label="Script"
        sx={{
          m: 0,
          p: 1.5,
          maxHeight: 200,
          overflow: 'auto',
          fontFamily: 'monospace',
          fontSize: 13,
          bgcolor: 'action.hover',
          borderRadius: 1,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
        }}
      >
        {params.script ?? ''}
      </Box>
    </Stack>
  );
}

/** `/clusters/runs/:id`: one bulk run, live, with its script and settings. */
export function RunPage() {
  const { id, api, permissions } = useClusterPage(runRouteRef);
  const navigate = useNavigate();
  const runLink = useRouteRef(runRouteRef);
  const run = useAsyncRetry(() => api.getRun(id), [api, id]);
  const eventsUrl = useAsync(() => api.runEventsUrl(id), [api, id]);

  let content;
  const error = run.error ?? eventsUrl.error;
  if (error) {
    content = (
      <PageLoadError
        error={error}
        what="run"
        notFound={{
          title: 'No such run',
          description:
            'Runs of every cluster are listed on its page, under Recent runs.',
          action: <AllClustersButton />,
        }}
        onRetry={run.retry}
      />
    );
  } else if (!run.value || !eventsUrl.value) {
    content = <Progress />;
  } else {
    content = (
      <JobView
        key={id}
        eventsUrl={eventsUrl.value}
        extraHeader={<RunParams job={run.value.job} />}
        {...(permissions.canRun && {
          onCancel: () => api.cancelRun(id),
          onRerun: async (targets: 'all' | 'failed') => {
            const rerun = await api.rerun(id, { targets });
            if (runLink) navigate(runLink({ id: rerun.id }));
          },
        })}
      />
    );
  }

  return (
    <BreadcrumbEntry entry={{ label: run.value?.job.title ?? 'Run', href: '' }}>
      <Box sx={{ p: 3 }}>{content}</Box>
    </BreadcrumbEntry>
  );
}
