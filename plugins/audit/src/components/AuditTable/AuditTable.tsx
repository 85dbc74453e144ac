import { Fragment, useState } from 'react';
import Box from '@mui/material/Box';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import FilterListIcon from '@mui/icons-material/FilterList';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import { Link } from '@backstage/core-components';
import {
  HeadedTable,
  ListPagination,
  NoValue,
} from '@opssight/plugin-api-react';
import type {
  AuditAction,
  AuditEntry,
  AuditTarget,
} from '@opssight/plugin-audit-common';
import { OutcomeChip } from '../OutcomeChip';

const COLUMNS = 7;

function formatTime(iso: string) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page a target is shown on, by the app's paths. */
export function targetHref(target: AuditTarget): string | undefined {
  const id = target.id && encodeURIComponent(target.id);
  const entityPath = (ref: string) => {
    const [, kind, namespace, name] = /^([^:]+):([^/]+)\/(.+)$/.exec(ref) ?? [];
    return kind ? `/catalog/${namespace}/${kind}/${name}` : undefined;
  };
  switch (target.kind) {
    case 'machine':
      return target.entityRef ? entityPath(target.entityRef) : '/machines';
    case 'machine-group':
      return '/machines';
    case 'cluster':
      return id ? `/clusters/${id}` : '/clusters';
    case 'credential':
      return '/credentials';
    case 'user':
      return '/users';
    case 'run':
      return id ? `/clusters/runs/${id}` : undefined;
    case 'recording':
      return id ? `/terminal/recordings/${id}` : '/terminal/recordings';
    default:
      return undefined;
  }
}

const KIND_LABELS: Record<NonNullable<AuditTarget['kind']>, string> = {
  machine: 'machine',
  'machine-group': 'machine group',
  cluster: 'cluster',
  credential: 'credential',
  user: 'user',
  run: 'bulk run',
  recording: 'terminal session',
  snippet: 'snippet',
};

/** A target by its name, linked to its page; an id nobody could name is shown as what it is. */
export function TargetCell(props: { target: AuditTarget | null }) {
  const { target } = props;
  if (!target) return <NoValue />;
  const kind = target.kind ? KIND_LABELS[target.kind] : undefined;
  const label =
    target.name ??
    (kind && (UUID.test(target.text) || target.id)
      ? `unknown ${kind}`
      : target.text);
  const href = targetHref(target);
  return (
    <Stack spacing={0}>
      {href ? (
        <Link to={href} onClick={e => e.stopPropagation()}>
          {label}
        </Link>
      ) : (
        <span>{label}</span>
      )}
      {kind && (
        <Typography variant="caption" color="text.secondary">
          {kind}
        </Typography>
      )}
    </Stack>
  );
}

/** A user by name (`user:default/ada` → ada); a service as its subject. */
function actorName(actor: string): string {
  return /^user:[^/]+\/(.+)$/.exec(actor)?.[1] ?? actor;
}

function EntryBlock(props: { entry: AuditEntry; title: string }) {
  const { entry, title } = props;
  return (
    <Stack spacing={0.5}>
      <Typography variant="caption" color="text.secondary">
        {title}: entry #{entry.seq} · {formatTime(entry.time)} · severity{' '}
        {entry.severity} · from{' '}
        <Box component="span" sx={{ fontFamily: 'monospace' }}>
          {entry.clientAddress ?? 'the backend itself'}
        </Box>{' '}
        ·{' '}
        <Box component="span" sx={{ fontFamily: 'monospace' }}>
          hash {entry.hash.slice(0, 16)}…
        </Box>
        {entry.clientRequestId && (
          <>
            {' '}
            · client request id{' '}
            <Box component="span" sx={{ fontFamily: 'monospace' }}>
              {entry.clientRequestId}
            </Box>
          </>
        )}
      </Typography>
      <Box
        component="pre"
        aria-label={`Details of entry ${entry.seq}`}
        sx={{
          m: 0,
          p: 1.5,
          fontSize: 12,
          fontFamily: 'monospace',
          bgcolor: 'action.hover',
          borderRadius: 1,
          overflowX: 'auto',
          maxHeight: 360,
        }}
      >
        {JSON.stringify(entry.details, null, 2)}
      </Box>
    </Stack>
  );
}

function ActionDetails(props: { action: AuditAction }) {
  const { start, end } = props.action;
  return (
    <Stack spacing={1.5} sx={{ py: 1.5, pl: 6, pr: 2 }}>
      <EntryBlock
        entry={start}
        title={start.outcome === 'initiated' ? 'Started' : 'Recorded'}
      />
      {end ? (
        <EntryBlock entry={end} title={`Ended (${end.outcome})`} />
      ) : (
        start.outcome === 'initiated' && (
          <Typography variant="caption" color="text.secondary">
            No outcome recorded yet: the action is running, or it stopped before
            its outcome could be written.
          </Typography>
        )
      )}
    </Stack>
  );
}

/** One page of the trail, newest first, one row per action; a row opens to show its entries. */
export function AuditTable(
  props: {
    actions: AuditAction[];
    onFilterRequest: (requestId: string) => void;
  } & Parameters<typeof ListPagination>[0],
) {
  const { actions, onFilterRequest, ...pagination } = props;
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen(current => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <HeadedTable
      label="Audit trail"
      // Narrower than this the table scrolls sideways rather than wrap every word.
      sx={{
        minWidth: 820,
        '& td, & th': { px: 1 },
        '& th': { whiteSpace: 'nowrap' },
      }}
      columns={[
        <TableCell key="open" padding="checkbox" />,
        'Time',
        'Outcome',
        'Actor',
        'Action',
        'Target',
        'Request',
      ]}
      pagination={pagination}
    >
      {actions.map(action => {
        const { start } = action;
        const isOpen = open.has(start.seq);
        return (
          <Fragment key={start.seq}>
            <TableRow
              hover
              onClick={() => toggle(start.seq)}
              sx={{
                cursor: 'pointer',
                '& > td': { borderBottom: isOpen ? 'none' : undefined },
              }}
              data-testid="audit-row"
              data-seq={start.seq}
            >
              <TableCell padding="checkbox">
                <IconButton
                  size="small"
                  aria-label={`${isOpen ? 'Hide' : 'Show'} details of entry ${
                    start.seq
                  }`}
                  aria-expanded={isOpen}
                  onClick={e => {
                    e.stopPropagation();
                    toggle(start.seq);
                  }}
                >
                  {isOpen ? (
                    <KeyboardArrowDownIcon fontSize="small" />
                  ) : (
                    <KeyboardArrowRightIcon fontSize="small" />
                  )}
                </IconButton>
              </TableCell>
              <TableCell sx={{ minWidth: 96 }}>
                <Tooltip title={start.time}>
                  <span>{formatTime(start.time)}</span>
                </Tooltip>
              </TableCell>
              <TableCell>
                <OutcomeChip outcome={action.outcome} />
              </TableCell>
              <TableCell sx={{ wordBreak: 'break-word', maxWidth: 180 }}>
                <Tooltip title={start.actor}>
                  <span>{actorName(start.actor)}</span>
                </Tooltip>
                {start.clientAddress && (
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    component="div"
                    sx={{ fontFamily: 'monospace' }}
                  >
                    {start.clientAddress}
                  </Typography>
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Box
                  component="span"
                  sx={{ fontFamily: 'monospace', fontSize: 13 }}
                >
                  {start.action}
                </Box>
                <Typography
                  variant="caption"
                  color="text.secondary"
                  component="div"
                >
                  {start.plugin}
                </Typography>
              </TableCell>
              <TableCell
                sx={{
                  wordBreak: 'break-word',
                  minWidth: 140,
                  maxWidth: 260,
                }}
                data-testid="audit-target"
              >
                <TargetCell target={action.target} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Tooltip title={start.requestId}>
                  <Box
                    component="span"
                    sx={{ fontFamily: 'monospace', fontSize: 13 }}
                  >
                    {start.requestId.slice(0, 8)}
                  </Box>
                </Tooltip>
                <Tooltip title="Only actions of this request">
                  <IconButton
                    size="small"
                    aria-label={`Filter by request ${start.requestId}`}
                    onClick={e => {
                      e.stopPropagation();
                      onFilterRequest(start.requestId);
                    }}
                  >
                    <FilterListIcon fontSize="inherit" />
                  </IconButton>
                </Tooltip>
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell
                colSpan={COLUMNS}
                sx={{ p: 0, borderBottom: isOpen ? undefined : 'none' }}
              >
                <Collapse in={isOpen} timeout="auto" unmountOnExit>
                  <ActionDetails action={action} />
                </Collapse>
              </TableCell>
            </TableRow>
          </Fragment>
        );
      })}
    </HeadedTable>
  );
}
