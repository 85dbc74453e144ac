import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { HeadedTable, WrapRow } from '@opssight/plugin-api-react';
import type { ResolvedInventory } from '../../api';
import { machinesRouteRef } from '../../routes';

/**
 * Which hosts are in which group right now, each host's address, and the
 * machines a run would refuse, with the way to make them ready.
 */
export function ResolvedInventoryView(props: { resolved: ResolvedInventory }) {
  const { hosts, unready } = props.resolved;
  const machinesLink = useRouteRef(machinesRouteRef);
  const groups = Object.entries(props.resolved.groups ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return (
    <Stack spacing={2}>
      {unready.length > 0 && (
        <Alert severity="warning" aria-label="Machines a run would refuse">
          <Typography variant="body2" sx={{ mb: 1 }}>
            A run would refuse{' '}
            {unready.length === 1 ? 'this machine' : 'these machines'} until a
            connection test pins {unready.length === 1 ? 'its' : 'their'} host
            key:
          </Typography>
          <Stack component="ul" sx={{ m: 0, pl: 2 }} spacing={0.5}>
            {unready.map(machine => (
              <li key={machine.machineId}>
                {machine.hostname} ({machine.address}): {machine.problem}
                {machinesLink && (
                  <>
                    {' · '}
                    <Link
                      to={`${machinesLink()}?q=${encodeURIComponent(
                        machine.hostname,
                      )}`}
                    >
                      Test connection
                    </Link>
                  </>
                )}
              </li>
            ))}
          </Stack>
        </Alert>
      )}
      {groups.length > 0 && (
        <HeadedTable label="Groups" columns={['Group', 'Hosts']}>
          {groups.map(([name, group]) => (
            <TableRow key={name} data-testid="group-row">
              <TableCell sx={{ fontFamily: 'monospace' }}>{name}</TableCell>
              <TableCell>
                <WrapRow>
                  {group.hosts.map(host => (
                    <Chip key={host} size="small" label={host} />
                  ))}
                  {(group.children ?? []).map(child => (
                    <Chip
                      key={`group:${child}`}
                      size="small"
                      variant="outlined"
                      label={`group ${child}`}
                    />
                  ))}
                </WrapRow>
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
      )}
      {hosts.length === 0 ? (
        <Typography color="text.secondary">
          No host: the inventory reaches no registered machine yet.
        </Typography>
      ) : (
        <HeadedTable
          label="Hosts"
          columns={['Host', 'Address', 'SSH port', 'User']}
        >
          {hosts.map(host => (
            <TableRow key={host.name} data-testid="host-row">
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {host.name}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {host.address}
              </TableCell>
              <TableCell>{host.port}</TableCell>
              <TableCell>
                {host.user ?? (
                  <Box component="span" sx={{ color: 'text.secondary' }}>
                    the credential's
                  </Box>
                )}
              </TableCell>
            </TableRow>
          ))}
        </HeadedTable>
      )}
    </Stack>
  );
}
