import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  BreadcrumbEntry,
  useApi,
  useApiHolder,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { machinesApiRef } from '@opssight/plugin-machines-react';
import { normalizeIp } from '@opssight/plugin-machines-common';
import type {
  Cluster,
  ClusterTopology,
} from '@opssight/plugin-clusters-common';
import {
  clustersApiRef,
  errorMessage,
  errorStatus,
  type TopologyPreview,
} from '../../api';
import { plural } from '../../format';
import { useClusterPage } from '../../hooks/useClusterPage';
import { clusterRouteRef, reconfigureRouteRef } from '../../routes';
import { nodeIpListsProblems } from '../ClusterNodeIpsField/validation';
import { NodeIpListsEditor, type NodeIpLists } from '../NodeIpListsEditor';
import { TopologyDiffView } from '../TopologyDiffView';
import { LinkButton } from '../LinkButton';
import {
  LoadErrorAlert,
  PageLoadError,
  WarningAlerts,
} from '../LoadErrorAlert';

export function listsOf(cluster: Cluster): NodeIpLists {
  return {
    masters: cluster.nodes.filter(n => n.role === 'master').map(n => n.ip),
    workers: cluster.nodes.filter(n => n.role === 'worker').map(n => n.ip),
    register: [],
  };
}

function loadBalancerProblem(text: string): string | undefined {
  return text.trim() && !normalizeIp(text)
    ? `'${text.trim()}' is not a valid IPv4 or IPv6 address`
    : undefined;
}

function topologyOf(lists: NodeIpLists, loadBalancer: string): ClusterTopology {
  const norm = (ip: string) => normalizeIp(ip) ?? ip.trim();
  return {
    masters: lists.masters.map(norm),
    workers: lists.workers.map(norm),
    loadBalancerIp: loadBalancer.trim() ? norm(loadBalancer) : null,
  };
}

/** The editor and the review of one cluster, loaded. */
function ReconfigureCluster(props: { cluster: Cluster; onReload: () => void }) {
  const { cluster } = props;
  const api = useApi(clustersApiRef);
  const machinesApi = useApiHolder().get(machinesApiRef);
  const clusterLink = useRouteRef(clusterRouteRef);
  const navigate = useNavigate();
  const [lists, setLists] = useState<NodeIpLists>(() => listsOf(cluster));
  const [loadBalancer, setLoadBalancer] = useState(
    cluster.loadBalancerIp ?? '',
  );
  const [problems, setProblems] = useState<string[]>([]);
  const [preview, setPreview] = useState<TopologyPreview>();
  const [busy, setBusy] = useState<'review' | 'apply'>();
  const [error, setError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [registered, setRegistered] = useState<NodeIpLists['register']>([]);
  const [editorKey, setEditorKey] = useState(0);
  const lbProblem = loadBalancerProblem(loadBalancer);
  const clusterPage = clusterLink?.({ id: cluster.id }) ?? '';

  /*
   * Only registered machines can be nodes, and the preview checks that too:
   * the IPs the user chose to register are registered before the review.
   */
  const registerMachines = async () => {
    for (const { ip, hostname } of lists.register) {
      try {
        await machinesApi!.createMachine({ ip, hostname });
      } catch (e) {
        // Registered meanwhile (or by an earlier attempt): that is what was wanted.
        if (errorStatus(e) !== 409) {
          throw new Error(
            `Could not register ${ip} as ${hostname}: ${errorMessage(e)}`,
          );
        }
      }
    }
    setRegistered(previous => [...previous, ...lists.register]);
    setLists(previous => ({ ...previous, register: [] }));
    // A fresh editor looks the IPs up again, and finds them registered.
    setEditorKey(k => k + 1);
  };

  const review = async () => {
    setBusy('review');
    setError(undefined);
    try {
      const found = await nodeIpListsProblems(lists, ips => api.lookupIps(ips));
      if (lbProblem) found.push(`load balancer: ${lbProblem}`);
      if (found.length === 0 && lists.register.length > 0 && !machinesApi) {
        found.push(
          'Some IPs are not registered machines, and this portal cannot register them: add them on the Machines page first',
        );
      }
      setProblems(found);
      if (found.length === 0) {
        if (lists.register.length > 0) await registerMachines();
        setPreview(
          await api.previewTopology(
            cluster.id,
            topologyOf(lists, loadBalancer),
          ),
        );
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  const apply = async () => {
    setBusy('apply');
    setError(undefined);
    try {
      await api.reconfigure(cluster.id, {
        ...topologyOf(lists, loadBalancer),
        expectedUpdatedAt: cluster.updatedAt,
      });
      navigate(`${clusterPage}?tab=history`);
    } catch (e) {
      if (errorStatus(e) === 409) {
        setConflict(true);
      } else {
        setError(errorMessage(e));
      }
      setBusy(undefined);
    }
  };

  if (conflict) {
    return (
      <LoadErrorAlert
        severity="warning"
        title="Not applied: the cluster changed meanwhile"
        onRetry={props.onReload}
        retryLabel="Reload"
      >
        Someone else changed {cluster.name} while you were editing it. Reload to
        see the cluster as it is now, then make your change again.
      </LoadErrorAlert>
    );
  }

  if (preview) {
    const nothing = preview.diff.empty;
    return (
      <Stack spacing={2}>
        <Paper variant="outlined" sx={{ p: 2.5 }}>
          <Typography variant="h6" component="h2" sx={{ mb: 1.5 }}>
            Changes to {cluster.name}
          </Typography>
          <TopologyDiffView diff={preview.diff} />
          {registered.length > 0 && (
            <Box sx={{ mt: 2 }}>
              <Typography
                variant="overline"
                color="text.secondary"
                component="div"
              >
                Registered as machines
              </Typography>
              {registered.map(r => (
                <Typography
                  key={r.ip}
                  variant="body2"
                  sx={{ fontFamily: 'monospace' }}
                >
                  {r.ip} as {r.hostname}
                </Typography>
              ))}
            </Box>
          )}
        </Paper>
        <WarningAlerts warnings={preview.warnings} />
        {error && (
          <Alert severity="error">
            <AlertTitle>Not applied</AlertTitle>
            {error}
          </Alert>
        )}
        <Stack direction="row" spacing={1} justifyContent="flex-end">
          <Button onClick={() => setPreview(undefined)} disabled={!!busy}>
            Back to editing
          </Button>
          <Button
            variant="contained"
            onClick={apply}
            disabled={!!busy || nothing}
            startIcon={
              busy === 'apply' ? (
                <CircularProgress size={16} color="inherit" />
              ) : undefined
            }
          >
            Apply
          </Button>
        </Stack>
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      <Typography color="text.secondary">
        Change the IPs of the masters and workers of {cluster.name}, and its
        load balancer. Review the changes before they are applied; they are
        recorded in the cluster’s history.
      </Typography>
      <NodeIpListsEditor
        key={editorKey}
        value={lists}
        onChange={setLists}
        lookup={ips => api.lookupIps(ips)}
        clusterName={cluster.name}
        showAllProblems={problems.length > 0}
      />
      <Paper variant="outlined" sx={{ p: 2 }}>
        <TextField
          size="small"
          label="Load balancer IP"
          value={loadBalancer}
          onChange={e => setLoadBalancer(e.target.value)}
          error={!!lbProblem}
          helperText={
            lbProblem ??
            'In front of the API servers (HAProxy); empty for none.'
          }
          InputProps={{ sx: { fontFamily: 'monospace' } }}
          sx={{ width: 320 }}
        />
      </Paper>
      {problems.length > 0 && (
        <Alert severity="error">
          <AlertTitle>Fix these first</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {problems.map(p => (
              <li key={p}>{p}</li>
            ))}
          </Box>
        </Alert>
      )}
      {error && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" spacing={1} justifyContent="flex-end">
        <LinkButton to={clusterPage} disabled={!!busy}>
          Cancel
        </LinkButton>
        <Button
          variant="contained"
          onClick={review}
          disabled={!!busy}
          startIcon={
            busy === 'review' ? (
              <CircularProgress size={16} color="inherit" />
            ) : undefined
          }
        >
          {lists.register.length > 0
            ? `Register ${plural(lists.register.length, 'machine')} and review`
            : 'Review changes'}
        </Button>
      </Stack>
    </Stack>
  );
}

/** `/clusters/:id/edit`: the cluster's nodes changed, reviewed, then applied. */
export function ReconfigurePage() {
  const { id, api, permissions } = useClusterPage(reconfigureRouteRef);
  const clusterLink = useRouteRef(clusterRouteRef);
  const cluster = useAsyncRetry(() => api.getCluster(id), [api, id]);
  const [generation, setGeneration] = useState(0);

  let content;
  if (cluster.error) {
    content = (
      <PageLoadError
        error={cluster.error}
        what="cluster"
        notFound={{
          title: 'No such cluster',
          description: 'It may have been deleted.',
        }}
        onRetry={cluster.retry}
      />
    );
  } else if (!cluster.value || cluster.loading || permissions.loading) {
    content = <Skeleton variant="rounded" height={320} />;
  } else if (!permissions.canUpdate) {
    content = (
      <Alert
        severity="info"
        action={
          <LinkButton color="inherit" to={clusterLink?.({ id }) ?? ''}>
            Back to the cluster
          </LinkButton>
        }
      >
        Your role cannot change clusters: operators and admins can.
      </Alert>
    );
  } else {
    content = (
      <ReconfigureCluster
        key={`${cluster.value.updatedAt}-${generation}`}
        cluster={cluster.value}
        onReload={() => {
          setGeneration(g => g + 1);
          cluster.retry();
        }}
      />
    );
  }

  return (
    <BreadcrumbEntry
      entry={{
        label: cluster.value?.name ?? 'Cluster',
        href: clusterLink?.({ id }) ?? '',
      }}
    >
      <BreadcrumbEntry entry={{ label: 'Reconfigure', href: '' }}>
        <Box sx={{ p: 3, maxWidth: 1400 }}>{content}</Box>
      </BreadcrumbEntry>
    </BreadcrumbEntry>
  );
}
