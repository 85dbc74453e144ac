import { ReactNode, useMemo } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import CloudQueueIcon from '@mui/icons-material/CloudQueue';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import TerminalIcon from '@mui/icons-material/Terminal';
import {
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  countOf,
  formatAgo,
  useNow,
  usePermissionFlags,
  WrapRow,
} from '@opssight/plugin-api-react';
import { auditReadPermission } from '@opssight/plugin-audit-common';
import {
  clusterCreatePermission,
  clusterReadPermission,
  runCreatePermission,
  runReadPermission,
  type HealthState,
} from '@opssight/plugin-clusters-common';
import {
  machineCreatePermission,
  machineReadPermission,
} from '@opssight/plugin-machines-common';
import {
  terminalRecordingReadPermission,
  terminalSessionCreatePermission,
} from '@opssight/plugin-terminal-common';
import {
  HOST_KEY_FORGET_ACTION,
  MACHINE_STATUSES,
  MachineStatus,
  OverviewClient,
  SIGN_IN_ACTION,
} from './overview';
import { TileState, useTile } from './useTile';

type Tone = 'success' | 'warning' | 'error' | 'neutral';

const MACHINE_LABELS: Record<MachineStatus, { label: string; tone: Tone }> = {
  ok: { label: 'SSH ok', tone: 'success' },
  hostkey: { label: 'Host key changed', tone: 'error' },
  auth: { label: 'Login failed', tone: 'error' },
  unreachable: { label: 'Unreachable', tone: 'warning' },
  failed: { label: 'SSH failed', tone: 'warning' },
  never: { label: 'Never tested', tone: 'neutral' },
};

const HEALTH_LABELS: Record<HealthState, { label: string; tone: Tone }> = {
  unhealthy: { label: 'Unhealthy', tone: 'error' },
  degraded: { label: 'Degraded', tone: 'warning' },
  unknown: { label: 'Not checked yet', tone: 'neutral' },
  healthy: { label: 'Healthy', tone: 'success' },
};

const RUN_LABELS: Record<string, { label: string; tone: Tone }> = {
  queued: { label: 'queued', tone: 'neutral' },
  running: { label: 'running', tone: 'warning' },
  succeeded: { label: 'succeeded', tone: 'success' },
  failed: { label: 'failed', tone: 'error' },
  cancelled: { label: 'cancelled', tone: 'neutral' },
  timed_out: { label: 'timed out', tone: 'error' },
  interrupted: { label: 'interrupted', tone: 'error' },
};

function toneColor(tone: Tone): string {
  return tone === 'neutral' ? 'text.disabled' : `${tone}.main`;
}

/** `user:default/sam` → `sam`: people by their names. */
function personName(ref: string | null | undefined): string {
  if (!ref) return 'someone';
  return ref.replace(/^user:default\//, '').replace(/^user:/, '');
}

function StatusCount(props: { label: string; tone: Tone; count: number }) {
  return (
    <Stack direction="row" alignItems="center" spacing={1}>
      <Box
        aria-hidden
        sx={{
          width: 10,
          height: 10,
          borderRadius: '50%',
          bgcolor: toneColor(props.tone),
        }}
      />
      <Typography variant="body2" sx={{ flex: 1 }}>
        {props.label}
      </Typography>
      <Typography variant="body2" fontWeight="bold">
        {props.count}
      </Typography>
    </Stack>
  );
}

/** A tile's summary line, then how many there are of each status that occurs. */
function StatusCounts(props: {
  children: ReactNode;
  counts: Array<{ key: string; label: string; tone: Tone; count: number }>;
  /** Below the counts. */
  more?: ReactNode;
}) {
  return (
    <Stack spacing={0.5}>
      <Typography variant="body2" color="text.secondary">
        {props.children}
      </Typography>
      {props.counts
        .filter(c => c.count > 0)
        .map(({ key, ...c }) => (
          <StatusCount key={key} {...c} />
        ))}
      {props.more}
    </Stack>
  );
}

function StatusChip(props: { label: string; tone: Tone }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      label={props.label}
      sx={{ color: toneColor(props.tone), borderColor: toneColor(props.tone) }}
    />
  );
}

/** One tile: its title links to the page it summarises; hidden when not for this role. */
function Tile<T>(props: {
  title: string;
  to: string;
  state: TileState<T>;
  testId: string;
  /** Nothing to summarise yet: `empty` says so, and how to begin. */
  isEmpty?: (value: T) => boolean;
  empty?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { state } = props;
  if (state.status === 'hidden') return null;
  return (
    <Grid item xs={12} md={6} xl={4}>
      <Card
        variant="outlined"
        sx={{ height: '100%' }}
        data-testid={props.testId}
      >
        <CardHeader
          title={
            <Link component={RouterLink} to={props.to} underline="hover">
              {props.title}
            </Link>
          }
          titleTypographyProps={{ variant: 'h6' }}
        />
        <CardContent sx={{ pt: 0 }}>
          {state.status === 'loading' && <LinearProgress />}
          {state.status === 'error' && (
            <Typography color="error" variant="body2">
              Could not load this: {state.message}
            </Typography>
          )}
          {state.status === 'ready' &&
            (props.isEmpty?.(state.value) ? (
              <Empty>{props.empty}</Empty>
            ) : (
              props.children(state.value)
            ))}
        </CardContent>
      </Card>
    </Grid>
  );
}

/** A row of a tile's list: a line, its details, and what stands at its end. */
type TileRow = {
  key: string | number;
  /** Where the line links to. */
  to?: string;
  primary: ReactNode;
  secondary: ReactNode;
  action?: ReactNode;
};

function TileList<I>(props: { items: I[]; row: (item: I) => TileRow }) {
  return (
    <List dense disablePadding>
      {props.items.map(item => {
        const { key, to, primary, secondary, action } = props.row(item);
        return (
          <ListItem key={key} disableGutters secondaryAction={action}>
            <ListItemText
              primary={
                to ? (
                  <Link component={RouterLink} to={to}>
                    {primary}
                  </Link>
                ) : (
                  primary
                )
              }
              secondary={secondary}
            />
          </ListItem>
        );
      })}
    </List>
  );
}

/** A tile that lists things, a row each; `empty` when there are none. */
function ListTile<I>(props: {
  title: string;
  to: string;
  state: TileState<I[]>;
  testId: string;
  empty: ReactNode;
  row: (item: I) => TileRow;
}) {
  const { row, ...tile } = props;
  return (
    <Tile {...tile} isEmpty={items => items.length === 0}>
      {items => <TileList items={items} row={row} />}
    </Tile>
  );
}

function Empty(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="text.secondary">
      {props.children}
    </Typography>
  );
}

/** The shortcuts above the tiles, each for the roles that may use it. */
const QUICK_ACTIONS = {
  'Add machine': { to: '/machines', icon: <AddIcon /> },
  'Open terminal': { to: '/terminal', icon: <TerminalIcon /> },
  'Create cluster': {
    to: '/create/templates/default/kubernetes-cluster',
    icon: <CloudQueueIcon />,
  },
  'Run script': { to: '/clusters/runs/new', icon: <PlayArrowIcon /> },
};

function QuickActions() {
  const allowed = usePermissionFlags({
    'Add machine': machineCreatePermission,
    'Open terminal': terminalSessionCreatePermission,
    'Create cluster': clusterCreatePermission,
    'Run script': runCreatePermission,
  });
  const actions = Object.entries(QUICK_ACTIONS)
    .filter(([label]) => allowed[label as keyof typeof QUICK_ACTIONS])
    .map(([label, action]) => ({ label, ...action }));
  if (actions.length === 0) return null;
  return (
    <WrapRow sx={{ mb: 2 }} aria-label="Quick actions" role="group">
      {actions.map(action => (
        <Button
          key={action.label}
          variant="outlined"
          startIcon={action.icon}
          component={RouterLink}
          to={action.to}
        >
          {action.label}
        </Button>
      ))}
    </WrapRow>
  );
}

/** The OpsSight overview: each tile a summary of one page, for the roles that may read it. */
export function HomePage() {
  // "5 min ago" stays true while the overview is open.
  const now = useNow(true, 60_000);
  const ago = (iso: string) => formatAgo(iso, now);
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const identityApi = useApi(identityApiRef);
  const client = useMemo(
    () => new OverviewClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );

  const machines = useTile(machineReadPermission, () =>
    client.machinesSummary(),
  );
  const clusters = useTile(clusterReadPermission, () =>
    client.clustersSummary(),
  );
  const runs = useTile(
    runReadPermission,
    async () => (await client.recentRuns()).items,
  );
  const sessions = useTile(terminalRecordingReadPermission, async () => {
    const { userEntityRef } = await identityApi.getBackstageIdentity();
    return client.mySessions(userEntityRef);
  });
  const failedSignIns = useTile(auditReadPermission, () =>
    client.auditEntries({ action: SIGN_IN_ACTION, outcome: 'failed' }),
  );
  const hostKeyChanges = useTile(auditReadPermission, () =>
    client.auditEntries({
      action: HOST_KEY_FORGET_ACTION,
      outcome: 'succeeded',
    }),
  );
  const machineNames =
    machines.status === 'ready' ? machines.value.names : undefined;

  return (
    <Box sx={{ p: 3 }}>
      <QuickActions />
      <Grid container spacing={2} alignItems="stretch">
        <Tile
          title="Machines"
          to="/machines"
          state={machines}
          testId="home-tile-machines"
          isEmpty={summary => summary.total === 0}
          empty="No machines yet. Add them on the Machines page, one by one or as a CSV list, then test their connections to pin their host keys."
        >
          {summary => (
            <StatusCounts
              counts={MACHINE_STATUSES.map(s => ({
                key: s,
                ...MACHINE_LABELS[s],
                count: summary.byStatus[s],
              }))}
            >
              {countOf(summary.total, 'machine')}, by their last connection test
              {summary.counted < summary.total &&
                ` (the first ${summary.counted} counted)`}
            </StatusCounts>
          )}
        </Tile>

        <Tile
          title="Clusters"
          to="/clusters"
          state={clusters}
          testId="home-tile-clusters"
          isEmpty={summary => summary.total === 0}
          empty="No clusters yet. The cluster wizard (Create cluster) sets one up on registered machines and adds it to the catalog."
        >
          {summary => (
            <StatusCounts
              counts={(Object.keys(HEALTH_LABELS) as HealthState[]).map(s => ({
                key: s,
                ...HEALTH_LABELS[s],
                count: summary.byHealth[s],
              }))}
              more={summary.attention.slice(0, 3).map(cluster => (
                <Typography variant="body2" key={cluster.id}>
                  <Link
                    component={RouterLink}
                    to={`/clusters/${encodeURIComponent(cluster.id)}`}
                  >
                    {cluster.name}
                  </Link>
                  : {cluster.health.summary}
                </Typography>
              ))}
            >
              {countOf(summary.total, 'cluster')}, by health
            </StatusCounts>
          )}
        </Tile>

        <ListTile
          title="Jobs"
          to="/clusters"
          state={runs}
          testId="home-tile-jobs"
          empty="No scripts have run yet. Run script runs one script on a cluster's nodes or on any machines, and keeps every host's output."
          row={run => ({
            key: run.id,
            to: `/clusters/runs/${encodeURIComponent(run.id)}`,
            primary: run.title,
            secondary: `${personName(run.createdBy)} · ${ago(
              run.createdAt,
            )} · ${run.progress.done}/${run.progress.total} hosts`,
            action: (
              <StatusChip
                {...(RUN_LABELS[run.status] ?? {
                  label: run.status,
                  tone: 'neutral',
                })}
              />
            ),
          })}
        />

        <ListTile
          title="Your terminal sessions"
          to="/terminal/recordings"
          state={sessions}
          testId="home-tile-sessions"
          empty="You have not opened a terminal yet. Open one from a machine's row on the Machines page, or on the Terminal page."
          row={session => ({
            key: session.id,
            to: `/terminal/recordings/${encodeURIComponent(session.id)}`,
            primary: `${session.username}@${
              session.machineHostname || session.machineIp
            }`,
            secondary: `${ago(session.startedAt)}${
              session.endedAt ? '' : ' · still open'
            }`,
          })}
        />

        <ListTile
          title="Failed sign-ins"
          to="/audit"
          state={failedSignIns}
          testId="home-tile-failed-sign-ins"
          empty="No failed sign-ins in the audit trail."
          row={entry => {
            const meta = (entry.details as any)?.meta ?? {};
            return {
              key: entry.seq,
              primary:
                typeof meta.username === 'string'
                  ? meta.username
                  : 'unknown user',
              secondary: `${ago(entry.time)}${
                entry.clientAddress ? ` · from ${entry.clientAddress}` : ''
              }`,
            };
          }}
        />

        <Tile
          title="Host-key changes"
          to="/audit"
          state={hostKeyChanges}
          testId="home-tile-host-keys"
        >
          {items => (
            <Stack spacing={1}>
              {machines.status === 'ready' &&
                machines.value.byStatus.hostkey > 0 && (
                  <Typography variant="body2" color="error.main">
                    {machines.value.byStatus.hostkey} machines answered with a
                    host key other than the pinned one at their last test.
                  </Typography>
                )}
              {items.length === 0 ? (
                <Empty>
                  No pinned host key has been forgotten. When a machine is
                  reinstalled, an operator forgets its old key on the Machines
                  page and the next test pins the new one.
                </Empty>
              ) : (
                <TileList
                  items={items}
                  row={entry => ({
                    key: entry.seq,
                    primary: `${
                      (entry.target && machineNames?.get(entry.target)) ||
                      'a machine since deleted'
                    }: pinned key forgotten`,
                    secondary: `by ${personName(entry.actor)} · ${ago(
                      entry.time,
                    )}`,
                  })}
                />
              )}
            </Stack>
          )}
        </Tile>
      </Grid>
    </Box>
  );
}
