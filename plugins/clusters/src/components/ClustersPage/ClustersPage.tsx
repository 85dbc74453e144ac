import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { EmptyState, Link } from '@backstage/core-components';
import {
  formatAgo,
  ListPageBody,
  FilterSelect,
  HeadedTable,
  NoMatches,
  SearchField,
  useNow,
  WrapRow,
} from '@opssight/plugin-api-react';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  CLUSTER_ENVIRONMENTS,
  type Cluster,
  type HealthState,
} from '@opssight/plugin-clusters-common';
import { clustersApiRef } from '../../api';
import { formatTime, plural } from '../../format';
import { useClusterPermissions } from '../../hooks/useClusterPermissions';
import { useNewClusterLink } from '../../hooks/useNewClusterLink';
import { clusterRouteRef, newRunRouteRef } from '../../routes';
import {
  HealthChip,
  healthColor,
  HEALTH_LABELS,
  HEALTH_STATES,
} from '../HealthChip';
import { LinkButton } from '../LinkButton';

const ANY = '';

export function nodeCounts(cluster: Pick<Cluster, 'nodes'>) {
  const masters = cluster.nodes.filter(n => n.role === 'master').length;
  return { masters, workers: cluster.nodes.length - masters };
}

/** How many clusters are in each health state, as tiles that filter the table, and a bar. */
function HealthSummary(props: {
  clusters: Cluster[];
  selected: HealthState | undefined;
  onSelect: (state: HealthState | undefined) => void;
}) {
  const { clusters, selected, onSelect } = props;
  const counts = Object.fromEntries(
    HEALTH_STATES.map(state => [
      state,
      clusters.filter(c => c.health.state === state).length,
    ]),
  ) as Record<HealthState, number>;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} aria-label="Health of all clusters">
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        alignItems={{ md: 'center' }}
      >
        <Box sx={{ minWidth: 140 }}>
          <Typography variant="h4" component="div" data-testid="clusters-total">
            {clusters.length}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {clusters.length === 1 ? 'cluster' : 'clusters'}
          </Typography>
        </Box>
        <Stack
          direction="row"
          spacing={1.5}
          sx={{ flexGrow: 1 }}
          flexWrap="wrap"
          useFlexGap
        >
          {HEALTH_STATES.map(state => (
            <ButtonBase
              key={state}
              onClick={() => onSelect(selected === state ? undefined : state)}
              aria-pressed={selected === state}
              aria-label={`${HEALTH_LABELS[state]}: ${counts[state]}`}
              data-testid={`health-count-${state}`}
              sx={theme => ({
                px: 2,
                py: 1,
                minWidth: 120,
                borderRadius: 1,
                justifyContent: 'flex-start',
                border: `1px solid ${
                  selected === state
                    ? healthColor(theme, state)
                    : theme.palette.divider
                }`,
                borderLeft: `6px solid ${healthColor(theme, state)}`,
                bgcolor: selected === state ? 'action.selected' : undefined,
              })}
            >
              <Box sx={{ textAlign: 'left' }}>
                <Typography variant="h5" component="div">
                  {counts[state]}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {HEALTH_LABELS[state]}
                </Typography>
              </Box>
            </ButtonBase>
          ))}
        </Stack>
      </Stack>
      {clusters.length > 0 && (
        <Box
          aria-hidden
          sx={{
            display: 'flex',
            height: 8,
            borderRadius: 4,
            overflow: 'hidden',
            mt: 2,
          }}
        >
          {HEALTH_STATES.filter(state => counts[state] > 0).map(state => (
            <Box
              key={state}
              sx={theme => ({
                flexGrow: counts[state],
                bgcolor: healthColor(theme, state),
              })}
            />
          ))}
        </Box>
      )}
    </Paper>
  );
}

function ClustersTable(props: { clusters: Cluster[] }) {
  const clusterLink = useRouteRef(clusterRouteRef);
  // "Last check: 5 min ago" stays true while the page is open.
  const now = useNow(true, 60_000);
  return (
    <HeadedTable
      label="Clusters"
      columns={['Name', 'Environment', 'Nodes', 'Health', 'Last check']}
    >
      {props.clusters.map(cluster => {
        const { masters, workers } = nodeCounts(cluster);
        return (
          <TableRow
            key={cluster.id}
            data-testid={`cluster-row-${cluster.name}`}
          >
            <TableCell>
              <Box component="span" sx={{ fontWeight: 500 }}>
                <Link to={clusterLink?.({ id: cluster.id }) ?? ''}>
                  {cluster.name}
                </Link>
              </Box>
              {cluster.description && (
                <Typography
                  variant="body2"
                  color="text.secondary"
                  noWrap
                  sx={{ maxWidth: 360 }}
                >
                  {cluster.description}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                variant="outlined"
                label={cluster.environment}
              />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {plural(masters, 'master')} · {plural(workers, 'worker')}
            </TableCell>
            <TableCell>
              <Stack spacing={0.5} alignItems="flex-start">
                <HealthChip state={cluster.health.state} />
                <Typography variant="body2" color="text.secondary">
                  {cluster.health.summary}
                </Typography>
              </Stack>
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {cluster.health.checkedAt ? (
                <Tooltip title={formatTime(cluster.health.checkedAt)}>
                  <span>{formatAgo(cluster.health.checkedAt, now)}</span>
                </Tooltip>
              ) : (
                <Typography variant="body2" color="text.secondary">
                  never
                </Typography>
              )}
            </TableCell>
          </TableRow>
        );
      })}
    </HeadedTable>
  );
}

/** Every cluster at a glance: health, environment, nodes; and the way to a new one. */
export function ClustersPage() {
  const api = useApi(clustersApiRef);
  const permissions = useClusterPermissions();
  const newClusterLink = useNewClusterLink();
  const newRunLink = useRouteRef(newRunRouteRef);
  const list = useAsyncRetry(() => api.listClusters(), [api]);
  const [environment, setEnvironment] = useState(ANY);
  const [health, setHealth] = useState<HealthState>();
  const [search, setSearch] = useState('');

  const clusters = useMemo(
    () =>
      [...(list.value?.items ?? [])].sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    [list.value],
  );
  const environments = useMemo(
    () => [
      ...new Set([
        ...CLUSTER_ENVIRONMENTS,
        ...clusters.map(c => c.environment),
      ]),
    ],
    [clusters],
  );
  const text = search.trim().toLocaleLowerCase();
  const shown = clusters.filter(
    c =>
      (!environment || c.environment === environment) &&
      (!health || c.health.state === health) &&
      (!text ||
        c.name.includes(text) ||
        c.description.toLocaleLowerCase().includes(text)),
  );
  const filtering = !!(environment || health || text);

  const newClusterButton = permissions.canCreate && newClusterLink && (
    <LinkButton variant="contained" startIcon={<AddIcon />} to={newClusterLink}>
      New cluster
    </LinkButton>
  );

  let emptyDescription =
    'Clusters are created with the New cluster wizard: give the cluster a name and the IPs of its masters and workers. Machines not yet in the registry are registered on the way; the cluster then appears here and in the catalog, and its health is checked over SSH.';
  if (!permissions.canCreate && !permissions.loading) {
    emptyDescription =
      'There are no clusters yet, and your role cannot create them: an operator or an admin can, with the New cluster wizard.';
  } else if (!newClusterLink) {
    emptyDescription =
      'There are no clusters yet. This portal has no scaffolder, where the New cluster wizard lives: ask an admin to install it.';
  }

  return (
    <Box sx={{ p: 3 }}>
      <ListPageBody
        noun="the clusters"
        list={list}
        onRetry={list.retry}
        isEmpty={clusters.length === 0}
        empty={
          <EmptyState
            missing="data"
            title="No clusters yet"
            description={emptyDescription}
            action={newClusterButton || undefined}
          />
        }
        frameless
      >
        <>
          <HealthSummary
            clusters={clusters}
            selected={health}
            onSelect={setHealth}
          />
          <WrapRow spacing={2}>
            <SearchField
              label="Search clusters"
              placeholder="Name or description"
              value={search}
              onChange={setSearch}
            />
            <FilterSelect
              label="Environment"
              value={environment}
              onChange={setEnvironment}
              SelectProps={{ displayEmpty: true }}
              InputLabelProps={{ shrink: true }}
              anyLabel="All environments"
              options={environments.map(env => ({
                value: env,
                count: clusters.filter(c => c.environment === env).length,
              }))}
            />
            {health && (
              <Chip
                label={`Health: ${HEALTH_LABELS[health]}`}
                onDelete={() => setHealth(undefined)}
              />
            )}
            <Box sx={{ flexGrow: 1 }} />
            {permissions.canRun && newRunLink && (
              <LinkButton
                variant="outlined"
                startIcon={<PlayArrowIcon />}
                to={newRunLink()}
              >
                Run script
              </LinkButton>
            )}
            {newClusterButton}
          </WrapRow>
          <Paper variant="outlined">
            {shown.length === 0 ? (
              <NoMatches
                onClear={() => {
                  setEnvironment(ANY);
                  setHealth(undefined);
                  setSearch('');
                }}
              >
                No clusters match these filters.
              </NoMatches>
            ) : (
              <ClustersTable clusters={shown} />
            )}
          </Paper>
          {filtering && (
            <Typography variant="body2" color="text.secondary">
              {shown.length} of {plural(clusters.length, 'cluster')} shown
            </Typography>
          )}
        </>
      </ListPageBody>
    </Box>
  );
}
