import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import KeyOffIcon from '@mui/icons-material/KeyOff';
import TerminalIcon from '@mui/icons-material/Terminal';
import WarningIcon from '@mui/icons-material/Warning';
import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  HeadedTable,
  RowAction,
  RowLinkAction,
} from '@opssight/plugin-api-react';
import type { ClusterNode } from '@opssight/plugin-clusters-common';
import { ipSortKey, machineEntityName } from '@opssight/plugin-machines-common';
import { formatTime } from '../../format';

const quiet = { color: 'text.disabled' } as const;

function SshCell(props: { node: ClusterNode }) {
  const check = props.node.lastSshCheck;
  if (!check) {
    return <Chip size="small" variant="outlined" label="not checked yet" />;
  }
  let chip;
  if (check.sshOk) {
    chip = (
      <Chip
        size="small"
        color="success"
        label={
          check.latencyMs === null
            ? 'SSH ok'
            : `SSH ok · ${Math.round(check.latencyMs)} ms`
        }
      />
    );
  } else {
    chip = (
      <Chip
        size="small"
        color="error"
        label={
          check.reachable
            ? `SSH failed${check.errorKind ? `: ${check.errorKind}` : ''}`
            : `unreachable${check.errorKind ? `: ${check.errorKind}` : ''}`
        }
      />
    );
  }
  return (
    <Tooltip
      title={
        <>
          {check.message && <div>{check.message}</div>}
          <div>Checked {formatTime(check.checkedAt)}</div>
        </>
      }
    >
      <span>{chip}</span>
    </Tooltip>
  );
}

function KubeCell(props: { node: ClusterNode }) {
  const kube = props.node.kube;
  if (!kube) {
    return (
      <Tooltip title="Unknown: the cluster has no Kubernetes API configured, or the API does not list this node">
        <Box component="span" sx={quiet}>
          —
        </Box>
      </Tooltip>
    );
  }
  return (
    <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
      <Chip
        size="small"
        color={kube.ready ? 'success' : 'error'}
        label={kube.ready ? 'Ready' : 'NotReady'}
        title={`Kubernetes node ${kube.name}`}
      />
      {kube.pressure.map(condition => (
        <Chip key={condition} size="small" color="warning" label={condition} />
      ))}
    </Stack>
  );
}

/**
 * A cluster's nodes: masters first, by IP; what the last SSH check and the
 * Kubernetes API said of each; and a terminal on it, for those who may open
 * one (`terminalLink` absent otherwise).
 */
/** Opens a terminal on a node; disabled, saying why, where there can be none. */
function TerminalButton(props: { name: string; to?: string }) {
  if (!props.to) {
    return (
      <RowAction
        title="A terminal needs a registered machine with a pinned host key"
        label={`No terminal on ${props.name}`}
        icon={<TerminalIcon fontSize="small" />}
        onClick={() => {}}
        disabled
      />
    );
  }
  return (
    <RowLinkAction
      title="Open terminal"
      label={`Open terminal on ${props.name}`}
      icon={<TerminalIcon fontSize="small" />}
      to={props.to}
    />
  );
}

export function NodesTable(props: {
  nodes: ClusterNode[];
  terminalLink?: (machineId: string) => string;
}) {
  const { terminalLink } = props;
  const entityLink = useEntityRefLink();
  const rank = (node: ClusterNode) => (node.role === 'master' ? 0 : 1);
  const nodes = [...props.nodes].sort(
    (a, b) =>
      rank(a) - rank(b) || ipSortKey(a.ip).localeCompare(ipSortKey(b.ip)),
  );
  return (
    <HeadedTable
      label="Nodes"
      columns={[
        'IP',
        'Host name',
        'Role',
        'SSH',
        'Kubernetes',
        terminalLink && { label: 'Terminal', align: 'right' },
      ]}
    >
      {nodes.map(node => (
        <TableRow key={node.ip} data-testid={`node-row-${node.ip}`}>
          <TableCell sx={{ fontFamily: 'monospace' }}>{node.ip}</TableCell>
          <TableCell>
            {node.hostname && node.machineId ? (
              <Stack direction="row" spacing={0.5} alignItems="center">
                <Link
                  to={`${entityLink({
                    kind: 'resource',
                    namespace: 'default',
                    name: machineEntityName({
                      hostname: node.hostname,
                      ip: node.ip,
                    }),
                  })}/machine`}
                >
                  {node.hostname}
                </Link>
                {!node.hostKeyPinned && (
                  <Tooltip title="No pinned host key yet: runs and terminals refuse this machine until a connection test on its page pins the key">
                    <KeyOffIcon
                      fontSize="small"
                      color="warning"
                      aria-label="no pinned host key"
                    />
                  </Tooltip>
                )}
              </Stack>
            ) : (
              <Tooltip title="This IP is no longer a machine of the registry: register it again, or reconfigure the cluster without it">
                <Stack direction="row" spacing={0.5} alignItems="center">
                  <WarningIcon fontSize="small" color="warning" />
                  <Typography variant="body2">not in the registry</Typography>
                </Stack>
              </Tooltip>
            )}
          </TableCell>
          <TableCell>
            <Chip
              size="small"
              variant={node.role === 'master' ? 'filled' : 'outlined'}
              color={node.role === 'master' ? 'primary' : 'default'}
              label={node.role}
            />
          </TableCell>
          <TableCell>
            <SshCell node={node} />
          </TableCell>
          <TableCell>
            <KubeCell node={node} />
          </TableCell>
          {terminalLink && (
            <TableCell align="right">
              <TerminalButton
                name={node.hostname ?? node.ip}
                to={
                  node.machineId && node.hostKeyPinned
                    ? terminalLink(node.machineId)
                    : undefined
                }
              />
            </TableCell>
          )}
        </TableRow>
      ))}
    </HeadedTable>
  );
}
