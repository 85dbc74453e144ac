import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Tooltip from '@mui/material/Tooltip';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import KeyOffIcon from '@mui/icons-material/KeyOff';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import TerminalIcon from '@mui/icons-material/Terminal';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  HeadedTable,
  RowAction,
  RowLinkAction,
} from '@opssight/plugin-api-react';
import {
  machineEntityName,
  type ConnectionResult,
  type Machine,
  type MachineSortField,
} from '@opssight/plugin-machines-common';
import { ConnectionStatusChip } from '../ConnectionStatus';

export interface MachineStatus {
  result: ConnectionResult | null;
  testing: boolean;
}

export const ROWS_PER_PAGE_OPTIONS = [10, 25, 50, 100];

const MAX_CHIPS = 3;

/** Names as chips on one line; beyond a few, a "+N" chip lists the rest. */
function ChipList(props: { names: string[]; color?: 'primary' }) {
  const { names, color } = props;
  if (names.length === 0) {
    return (
      <Box component="span" sx={{ color: 'text.disabled' }}>
        —
      </Box>
    );
  }
  const shown =
    names.length > MAX_CHIPS ? names.slice(0, MAX_CHIPS - 1) : names;
  const hidden = names.slice(shown.length);
  return (
    <Stack direction="row" spacing={0.5}>
      {shown.map(name => (
        <Chip
          key={name}
          label={name}
          size="small"
          variant="outlined"
          color={color}
        />
      ))}
      {hidden.length > 0 && (
        <Tooltip title={hidden.join(', ')}>
          <Chip label={`+${hidden.length}`} size="small" />
        </Tooltip>
      )}
    </Stack>
  );
}

export function sshLabel(machine: Pick<Machine, 'sshUser' | 'sshPort'>) {
  return machine.sshUser
    ? `${machine.sshUser}@${machine.sshPort}`
    : `port ${machine.sshPort}`;
}

const SORTABLE: { field: MachineSortField; label: string }[] = [
  { field: 'ip', label: 'IP' },
  { field: 'hostname', label: 'Host name' },
  { field: 'application', label: 'Application' },
];

/**
 * The machines of one page, with server-side sort and pagination. An action
 * (and selection, which is for testing) is offered only when its handler is
 * given, so the page can leave out what the user may not do.
 */
export function MachinesTable(props: {
  machines: Machine[];
  totalCount: number;
  page: number;
  rowsPerPage: number;
  onPageChange: (page: number) => void;
  onRowsPerPageChange: (rows: number) => void;
  orderBy: MachineSortField;
  order: 'asc' | 'desc';
  onSort: (field: MachineSortField) => void;
  selected: ReadonlySet<string>;
  onSelectedChange?: (selected: Set<string>) => void;
  statusOf: (machine: Machine) => MachineStatus;
  onEdit?: (machine: Machine) => void;
  onDelete?: (machine: Machine) => void;
  onTest?: (machine: Machine) => void;
  onForgetHostKey?: (machine: Machine) => void;
  /** Where "Open terminal" on a machine leads. */
  terminalLink?: (machine: Machine) => string;
}) {
  const {
    machines,
    totalCount,
    page,
    rowsPerPage,
    orderBy,
    order,
    selected,
    onSelectedChange,
    statusOf,
    onEdit,
    onDelete,
    onTest,
    onForgetHostKey,
    terminalLink,
  } = props;
  const anyActions = !!(onEdit || onDelete || onTest || terminalLink);

  const pageIds = machines.map(m => m.id);
  const selectedOnPage = pageIds.filter(id => selected.has(id)).length;

  const togglePage = () => {
    if (!onSelectedChange) return;
    const next = new Set(selected);
    if (selectedOnPage === pageIds.length) {
      pageIds.forEach(id => next.delete(id));
    } else {
      pageIds.forEach(id => next.add(id));
    }
    onSelectedChange(next);
  };

  const toggle = (id: string) => {
    if (!onSelectedChange) return;
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  return (
    <HeadedTable
      label="Machines"
      sx={{
        '& td, & th': { px: 1 },
        '& td:first-of-type, & th:first-of-type': { pl: 1.5 },
      }}
      columns={[
        onSelectedChange && (
          <TableCell key="select" padding="checkbox">
            <Checkbox
              indeterminate={
                selectedOnPage > 0 && selectedOnPage < pageIds.length
              }
              checked={pageIds.length > 0 && selectedOnPage === pageIds.length}
              onChange={togglePage}
              inputProps={{
                'aria-label': 'Select all machines on this page',
              }}
            />
          </TableCell>
        ),
        ...SORTABLE.map(({ field, label }) => (
          <TableCell
            key={field}
            sortDirection={orderBy === field ? order : false}
            sx={{ whiteSpace: 'nowrap' }}
          >
            <TableSortLabel
              active={orderBy === field}
              direction={orderBy === field ? order : 'asc'}
              onClick={() => props.onSort(field)}
            >
              {label}
            </TableSortLabel>
          </TableCell>
        )),
        'Groups',
        'Tags',
        'SSH',
        'Status',
        anyActions && { label: 'Actions', align: 'right' },
      ]}
      pagination={{
        totalCount,
        page,
        rowsPerPage,
        rowsPerPageOptions: ROWS_PER_PAGE_OPTIONS,
        onPageChange: props.onPageChange,
        onRowsPerPageChange: props.onRowsPerPageChange,
      }}
    >
      {machines.map(machine => {
        const status = statusOf(machine);
        const isSelected = selected.has(machine.id);
        return (
          <TableRow
            key={machine.id}
            hover
            selected={isSelected}
            data-testid="machine-row"
            data-ip={machine.ip}
          >
            {onSelectedChange && (
              <TableCell padding="checkbox">
                <Checkbox
                  checked={isSelected}
                  onChange={() => toggle(machine.id)}
                  inputProps={{
                    'aria-label': `Select ${machine.hostname}`,
                  }}
                />
              </TableCell>
            )}
            <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
              {machine.ip}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <EntityRefLink
                entityRef={{
                  kind: 'resource',
                  namespace: 'default',
                  name: machineEntityName(machine),
                }}
                title={machine.hostname}
              />
            </TableCell>
            <TableCell>{machine.application || '—'}</TableCell>
            <TableCell>
              <ChipList names={machine.groups} color="primary" />
            </TableCell>
            <TableCell>
              <ChipList names={machine.tags} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {sshLabel(machine)}
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <Stack spacing={0.5} alignItems="flex-start">
                <ConnectionStatusChip
                  result={status.result}
                  testing={status.testing}
                />
                {onForgetHostKey &&
                  !status.testing &&
                  status.result?.errorKind === 'hostkey' && (
                    <Button
                      size="small"
                      color="warning"
                      startIcon={<KeyOffIcon />}
                      onClick={() => onForgetHostKey(machine)}
                      sx={{ py: 0, textTransform: 'none', fontSize: 12 }}
                    >
                      Forget pinned key
                    </Button>
                  )}
              </Stack>
            </TableCell>
            {anyActions && (
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {terminalLink && (
                  <RowLinkAction
                    title="Open terminal"
                    label={`Open terminal on ${machine.hostname}`}
                    icon={<TerminalIcon fontSize="small" />}
                    to={terminalLink(machine)}
                  />
                )}
                {[
                  onTest && {
                    title: 'Test connection',
                    label: `Test connection to ${machine.hostname}`,
                    icon: <NetworkCheckIcon fontSize="small" />,
                    onClick: () => onTest(machine),
                    disabled: status.testing,
                  },
                  onEdit && {
                    title: 'Edit',
                    label: `Edit ${machine.hostname}`,
                    icon: <EditIcon fontSize="small" />,
                    onClick: () => onEdit(machine),
                  },
                  onDelete && {
                    title: 'Delete',
                    label: `Delete ${machine.hostname}`,
                    icon: <DeleteIcon fontSize="small" />,
                    onClick: () => onDelete(machine),
                  },
                ].map(
                  action =>
                    action && <RowAction key={action.title} {...action} />,
                )}
              </TableCell>
            )}
          </TableRow>
        );
      })}
    </HeadedTable>
  );
}
