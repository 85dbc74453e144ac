import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import CategoryIcon from '@mui/icons-material/Category';
import DeleteIcon from '@mui/icons-material/Delete';
import DownloadIcon from '@mui/icons-material/Download';
import EditIcon from '@mui/icons-material/Edit';
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import SettingsIcon from '@mui/icons-material/Settings';
import { useNavigate } from 'react-router-dom';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useQueryParamState } from '@backstage/core-components';
import {
  BreadcrumbEntry,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { BusyButton, saveFile, WrapRow } from '@opssight/plugin-api-react';
import type { Cluster } from '@opssight/plugin-clusters-common';
import { clustersApiRef, errorMessage } from '../../api';
import { formatAgo, formatTime, plural } from '../../format';
import { useClusterPermissions } from '../../hooks/useClusterPermissions';
import { useClusterPage } from '../../hooks/useClusterPage';
import { useTerminalLink } from '../../hooks/useTerminalLink';
import {
  clusterRouteRef,
  newRunRouteRef,
  reconfigureRouteRef,
  rootRouteRef,
} from '../../routes';
import { nodeCounts } from '../ClustersPage';
import { HealthChip } from '../HealthChip';
import { ClusterHistory } from './ClusterHistory';
import { ClusterRuns } from './ClusterRuns';
import { DeleteClusterDialog } from './DeleteClusterDialog';
import { EditClusterDialog } from './EditClusterDialog';
import { NodesTable } from './NodesTable';
import { LinkButton } from '../LinkButton';
import { AllClustersButton, PageLoadError } from '../LoadErrorAlert';

type ClusterTab = 'nodes' | 'runs' | 'history';
const TABS: ClusterTab[] = ['nodes', 'runs', 'history'];

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ minWidth: 140 }}>
      <Typography variant="overline" color="text.secondary" component="div">
        {props.label}
      </Typography>
      <Box sx={{ wordBreak: 'break-word' }}>{props.children}</Box>
    </Box>
  );
}

/** `/clusters/runs/new?clusterId=…`: a run on this cluster's nodes. */
export function useNewRunLink(clusterId: string): string | undefined {
  const newRun = useRouteRef(newRunRouteRef);
  return newRun
    ? `${newRun()}?clusterId=${encodeURIComponent(clusterId)}`
    : undefined;
}

function ClusterHeader(props: {
  cluster: Cluster;
  onChanged: (cluster: Cluster) => void;
}) {
  const { cluster, onChanged } = props;
  const api = useApi(clustersApiRef);
  const permissions = useClusterPermissions();
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const [dialog, setDialog] = useState<'edit' | 'delete'>();
  const reconfigureLink = useRouteRef(reconfigureRouteRef);
  const newRunLink = useNewRunLink(cluster.id);
  const entityLink = useEntityRefLink();
  const [busy, setBusy] = useState<'health' | 'inventory'>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const { masters, workers } = nodeCounts(cluster);

  const act = async (
    what: 'health' | 'inventory',
    action: () => Promise<void>,
  ) => {
    setBusy(what);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(
        `${
          what === 'health'
            ? 'The health check failed'
            : 'Could not download the inventory'
        }: ${errorMessage(e)}`,
      );
    } finally {
      setBusy(undefined);
    }
  };

  /** The button of a slow action; while one runs, neither can be pressed. */
  const actionButton = (
    what: 'health' | 'inventory',
    icon: ReactNode,
    label: string,
    onClick: () => void,
  ) => (
    <BusyButton
      variant="outlined"
      busy={busy === what}
      icon={icon}
      disabled={!!busy}
      onClick={onClick}
    >
      {label}
    </BusyButton>
  );

  const checkHealth = () =>
    act('health', async () => {
      const checked = await api.checkHealth(cluster.id);
      onChanged(checked);
      setNotice(`Checked: ${checked.health.summary}`);
    });

  const downloadInventory = () =>
    act('inventory', async () => {
      const text = await api.getInventory(cluster.id);
      saveFile(`${cluster.name}-hosts.yaml`, text, 'application/yaml');
    });

  return (
    <Paper variant="outlined" sx={{ p: 2.5 }}>
      <Stack spacing={2}>
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={2}
          alignItems={{ md: 'flex-start' }}
          justifyContent="space-between"
        >
          <Box sx={{ flexShrink: 0, maxWidth: { md: '45%' } }}>
            <WrapRow spacing={1.5}>
              <Typography variant="h5" component="h1">
                {cluster.name}
              </Typography>
              <Chip
                size="small"
                variant="outlined"
                label={cluster.environment}
              />
              <HealthChip state={cluster.health.state} />
            </WrapRow>
            {cluster.description && (
              <Typography color="text.secondary" sx={{ mt: 0.5 }}>
                {cluster.description}
              </Typography>
            )}
          </Box>
          <Stack
            direction="row"
            spacing={1}
            flexWrap="wrap"
            useFlexGap
            justifyContent={{ md: 'flex-end' }}
            sx={{ flex: 1 }}
          >
            {permissions.canRun && newRunLink && (
              <LinkButton
                variant="contained"
                startIcon={<PlayArrowIcon />}
                to={newRunLink}
              >
                Run script
              </LinkButton>
            )}
            {permissions.canUpdate && reconfigureLink && (
              <LinkButton
                variant="outlined"
                startIcon={<EditIcon />}
                to={reconfigureLink({ id: cluster.id })}
              >
                Reconfigure
              </LinkButton>
            )}
            {permissions.canUpdate && (
              <Button
                variant="outlined"
                startIcon={<SettingsIcon />}
                onClick={() => setDialog('edit')}
              >
                Edit
              </Button>
            )}
            {permissions.canUpdate &&
              actionButton(
                'health',
                <MonitorHeartIcon />,
                'Check health now',
                checkHealth,
              )}
            {actionButton(
              'inventory',
              <DownloadIcon />,
              'Download inventory',
              downloadInventory,
            )}
            <LinkButton
              variant="text"
              startIcon={<CategoryIcon />}
              to={entityLink({
                kind: 'resource',
                namespace: 'default',
                name: cluster.name,
              })}
            >
              View in catalog
            </LinkButton>
            {permissions.canDelete && (
              <Button
                variant="text"
                color="error"
                startIcon={<DeleteIcon />}
                onClick={() => setDialog('delete')}
              >
                Delete
              </Button>
            )}
          </Stack>
        </Stack>
        {error && (
          <Alert severity="error" onClose={() => setError(undefined)}>
            {error}
          </Alert>
        )}
        <Divider />
        <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
          <Fact label="Health">
            <Typography variant="body2">{cluster.health.summary}</Typography>
            <Typography variant="caption" color="text.secondary">
              {cluster.health.checkedAt
                ? `checked ${formatAgo(cluster.health.checkedAt)} (${formatTime(
                    cluster.health.checkedAt,
                  )})`
                : 'not checked yet'}
            </Typography>
          </Fact>
          <Fact label="Nodes">
            {plural(masters, 'master')} · {plural(workers, 'worker')}
          </Fact>
          <Fact label="Owner">
            <EntityRefLink entityRef={cluster.owner} defaultKind="group" />
          </Fact>
          <Fact label="Load balancer">
            <Box component="span" sx={{ fontFamily: 'monospace' }}>
              {cluster.loadBalancerIp ?? 'none'}
            </Box>
          </Fact>
          <Fact label="Kubernetes API">
            {cluster.apiUrl ? (
              <>
                <Box component="span" sx={{ fontFamily: 'monospace' }}>
                  {cluster.apiUrl}
                </Box>
                {cluster.health.api && (
                  <Typography
                    variant="caption"
                    component="div"
                    color={
                      cluster.health.api.ready ? 'success.main' : 'error.main'
                    }
                  >
                    {cluster.health.api.ready
                      ? '/readyz ok'
                      : `not ready${
                          cluster.health.api.message
                            ? `: ${cluster.health.api.message}`
                            : ''
                        }`}
                  </Typography>
                )}
              </>
            ) : (
              <Typography variant="body2" color="text.secondary">
                not configured
              </Typography>
            )}
          </Fact>
          <Fact label="Created">
            <Typography variant="body2">
              {formatTime(cluster.createdAt)}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              by{' '}
              <EntityRefLink entityRef={cluster.createdBy} defaultKind="user" />
            </Typography>
          </Fact>
        </Stack>
      </Stack>
      {dialog === 'edit' && (
        <EditClusterDialog
          open
          cluster={cluster}
          onClose={() => setDialog(undefined)}
          onSaved={saved => {
            setDialog(undefined);
            onChanged(saved);
            setNotice(`Saved ${saved.name}`);
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteClusterDialog
          open
          cluster={cluster}
          onClose={() => setDialog(undefined)}
          onDeleted={() => navigate(rootLink?.() ?? '/')}
        />
      )}
      <Snackbar
        open={!!notice}
        autoHideDuration={5000}
        onClose={() => setNotice(undefined)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity="success"
          variant="filled"
          onClose={() => setNotice(undefined)}
        >
          {notice}
        </Alert>
      </Snackbar>
    </Paper>
  );
}

/** One cluster: its facts and actions, its nodes, recent runs and history. */
export function ClusterPage() {
  const { id, api, permissions } = useClusterPage(clusterRouteRef);
  const terminalLink = useTerminalLink();
  const newRunLink = useNewRunLink(id);
  const loaded = useAsyncRetry(() => api.getCluster(id), [api, id]);
  const [checked, setChecked] = useState<Cluster>();
  const [tabParam, setTab] = useQueryParamState<string>('tab');
  const tab: ClusterTab = TABS.includes(tabParam as ClusterTab)
    ? (tabParam as ClusterTab)
    : 'nodes';

  const cluster =
    checked && checked.id === loaded.value?.id ? checked : loaded.value;

  let content;
  if (loaded.error) {
    content = (
      <PageLoadError
        error={loaded.error}
        what="cluster"
        notFound={{
          title: 'No such cluster',
          description:
            'It may have been deleted. Every cluster there is is on the clusters page.',
          action: <AllClustersButton />,
        }}
        onRetry={loaded.retry}
      />
    );
  } else if (!cluster) {
    content = (
      <Stack spacing={2}>
        <Skeleton variant="rounded" height={160} />
        <Skeleton variant="rounded" height={240} />
      </Stack>
    );
  } else {
    content = (
      <Stack spacing={2}>
        <ClusterHeader cluster={cluster} onChanged={setChecked} />
        <Paper variant="outlined">
          <Tabs
            value={tab}
            onChange={(_, value) => setTab(value)}
            sx={{ px: 1 }}
          >
            <Tab value="nodes" label={`Nodes (${cluster.nodes.length})`} />
            <Tab value="runs" label="Recent runs" />
            <Tab value="history" label="History" />
          </Tabs>
          <Divider />
          <Box role="tabpanel" sx={{ p: tab === 'nodes' ? 0 : 1 }}>
            {tab === 'nodes' && (
              <NodesTable nodes={cluster.nodes} terminalLink={terminalLink} />
            )}
            {tab === 'runs' && (
              <ClusterRuns
                clusterId={cluster.id}
                newRunLink={permissions.canRun ? newRunLink : undefined}
              />
            )}
            {tab === 'history' && (
              <ClusterHistory
                clusterId={cluster.id}
                reloadKey={cluster.updatedAt}
              />
            )}
          </Box>
        </Paper>
      </Stack>
    );
  }

  return (
    <BreadcrumbEntry entry={{ label: cluster?.name ?? 'Cluster', href: '' }}>
      <Box sx={{ p: 3 }}>{content}</Box>
    </BreadcrumbEntry>
  );
}
