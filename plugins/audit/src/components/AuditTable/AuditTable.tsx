import { Fragment, useState } from 'react';
import Box from '@mui/material/Box';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import FilterListIcon from '@mui/icons-material/FilterList';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import type { AuditEntry } from '@opssight/plugin-audit-common';
import { OutcomeChip } from '../OutcomeChip';

export const ROWS_PER_PAGE_OPTIONS = [25, 50, 100];

const NONE = (
  <Box component="span" sx={{ color: 'text.disabled' }}>
    —
  </Box>
);

const COLUMNS = 9;

function formatTime(iso: string) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

function EntryDetails(props: { entry: AuditEntry }) {
  const { entry } = props;
  return (
    <Stack spacing={1} sx={{ py: 1.5, pl: 6, pr: 2 }}>
      <Typography variant="caption" color="text.secondary">
        Entry #{entry.seq} · severity {entry.severity} ·{' '}
        <Box component="span" sx={{ fontFamily: 'monospace' }}>
          hash {entry.hash.slice(0, 16)}…
        </Box>
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

/** One page of the trail, newest first; a row opens to show its details. */
export function AuditTable(props: {
  entries: AuditEntry[];
  totalCount: number;
  page: number;
  rowsPerPage: number;
  onPageChange: (page: number) => void;
  onRowsPerPageChange: (rows: number) => void;
  onFilterRequest: (requestId: string) => void;
}) {
  const { entries, totalCount, page, rowsPerPage } = props;
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen(current => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <>
      <TableContainer>
        <Table
          size="small"
          aria-label="Audit trail"
          sx={{ '& td, & th': { px: 1 } }}
        >
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Time</TableCell>
              <TableCell>Outcome</TableCell>
              <TableCell>Actor</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Target</TableCell>
              <TableCell>Plugin</TableCell>
              <TableCell>Client</TableCell>
              <TableCell>Request</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map(entry => {
              const isOpen = open.has(entry.seq);
              return (
                <Fragment key={entry.seq}>
                  <TableRow
                    hover
                    onClick={() => toggle(entry.seq)}
                    sx={{
                      cursor: 'pointer',
                      '& > td': { borderBottom: isOpen ? 'none' : undefined },
                    }}
                    data-testid="audit-row"
                    data-seq={entry.seq}
                  >
                    <TableCell padding="checkbox">
                      <IconButton
                        size="small"
                        aria-label={`${
                          isOpen ? 'Hide' : 'Show'
                        } details of entry ${entry.seq}`}
                        aria-expanded={isOpen}
                        onClick={e => {
                          e.stopPropagation();
                          toggle(entry.seq);
                        }}
                      >
                        {isOpen ? (
                          <KeyboardArrowDownIcon fontSize="small" />
                        ) : (
                          <KeyboardArrowRightIcon fontSize="small" />
                        )}
                      </IconButton>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title={entry.time}>
                        <span>{formatTime(entry.time)}</span>
                      </Tooltip>
                    </TableCell>
                    <TableCell>
                      <OutcomeChip outcome={entry.outcome} />
                    </TableCell>
                    <TableCell sx={{ wordBreak: 'break-all' }}>
                      {entry.actor}
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 13 }}>
                      {entry.action}
                    </TableCell>
                    <TableCell sx={{ wordBreak: 'break-all', maxWidth: 260 }}>
                      {entry.target ?? NONE}
                    </TableCell>
                    <TableCell>{entry.plugin}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 13 }}>
                      {entry.clientAddress ?? NONE}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title={entry.requestId}>
                        <Box
                          component="span"
                          sx={{ fontFamily: 'monospace', fontSize: 13 }}
                        >
                          {entry.requestId.slice(0, 8)}
                        </Box>
                      </Tooltip>
                      <Tooltip title="Only entries of this request">
                        <IconButton
                          size="small"
                          aria-label={`Filter by request ${entry.requestId}`}
                          onClick={e => {
                            e.stopPropagation();
                            props.onFilterRequest(entry.requestId);
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
                        <EntryDetails entry={entry} />
                      </Collapse>
                    </TableCell>
                  </TableRow>
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={totalCount}
        page={page}
        rowsPerPage={rowsPerPage}
        rowsPerPageOptions={ROWS_PER_PAGE_OPTIONS}
        onPageChange={(_e, next) => props.onPageChange(next)}
        onRowsPerPageChange={e =>
          props.onRowsPerPageChange(parseInt(e.target.value, 10))
        }
      />
    </>
  );
}
