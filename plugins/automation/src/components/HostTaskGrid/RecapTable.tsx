import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { HeadedTable } from '@opssight/plugin-api-react';
import type { RunResults } from '../../api';

const COLUMNS = [
  ['ok', 'ok'],
  ['changed', 'changed'],
  ['unreachable', 'unreachable'],
  ['failures', 'failed'],
  ['skipped', 'skipped'],
  ['rescued', 'rescued'],
  ['ignored', 'ignored'],
] as const;

function countColor(key: string, count: number) {
  if (count === 0) return 'text.secondary';
  return key === 'failures' || key === 'unreachable' ? 'error.main' : undefined;
}

/** Ansible's PLAY RECAP, one row per host. */
export function RecapTable(props: { recap: NonNullable<RunResults['recap']> }) {
  const hosts = Object.keys(props.recap).sort();
  return (
    <HeadedTable
      label="Play recap"
      columns={[
        'Host',
        ...COLUMNS.map(([, label]) => ({ label, align: 'right' as const })),
      ]}
    >
      {hosts.map(host => {
        const line = props.recap[host];
        return (
          <TableRow key={host} data-testid="recap-row">
            <TableCell sx={{ fontFamily: 'monospace' }}>{host}</TableCell>
            {COLUMNS.map(([key]) => (
              <TableCell
                key={key}
                align="right"
                sx={{ color: countColor(key, line[key]) }}
              >
                {line[key]}
              </TableCell>
            ))}
          </TableRow>
        );
      })}
    </HeadedTable>
  );
}
