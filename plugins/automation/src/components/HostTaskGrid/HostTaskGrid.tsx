import { memo } from 'react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTheme, type Theme } from '@mui/material/styles';
import type { RunResults } from '../../api';

type Cell = RunResults['cells'][number];

/** What a cell shows: `changed` is an ok that changed something. */
export type CellLook =
  | 'ok'
  | 'changed'
  | 'failed'
  | 'ignored'
  | 'unreachable'
  | 'skipped';

export function cellLook(cell: Pick<Cell, 'status' | 'changed'>): CellLook {
  if (cell.status === 'ok' && cell.changed) return 'changed';
  return cell.status;
}

export const CELL_LABEL: Record<CellLook, string> = {
  ok: 'ok',
  changed: 'changed',
  failed: 'failed',
  ignored: 'failed (ignored)',
  unreachable: 'unreachable',
  skipped: 'skipped',
};

/** Green ok, yellow changed, red failed, purple unreachable, grey skipped. */
export function cellColor(theme: Theme, look: CellLook): string {
  switch (look) {
    case 'ok':
      return theme.palette.success.main;
    case 'changed':
      return '#f2c200';
    case 'failed':
      return theme.palette.error.main;
    case 'ignored':
      return theme.palette.warning.light;
    case 'unreachable':
      return '#8e44ad';
    default:
      return theme.palette.grey[400];
  }
}

const CellButton = memo(function HostTaskCell(props: {
  host: string;
  task: string;
  cell: Cell;
  color: string;
  onClick: (host: string, task: string) => void;
}) {
  const look = cellLook(props.cell);
  const duration =
    props.cell.durationMs === null
      ? ''
      : ` in ${(props.cell.durationMs / 1000).toFixed(1)} s`;
  return (
    <Box
      component="button"
      type="button"
      data-look={look}
      aria-label={`${props.host}, ${props.task}: ${CELL_LABEL[look]}${duration}`}
      title={`${props.host} · ${props.task}: ${CELL_LABEL[look]}${duration}`}
      onClick={() => props.onClick(props.host, props.cell.task)}
      sx={{
        width: 22,
        height: 22,
        border: 0,
        borderRadius: 0.5,
        cursor: 'pointer',
        bgcolor: props.color,
        '&:focus-visible': {
          outline: '2px solid',
          outlineColor: 'text.primary',
        },
      }}
    />
  );
});

/**
 * Every host (rows) × every task (columns) of a run, each cell coloured by
 * how the host ended the task; a click asks for that task's result.
 */
export function HostTaskGrid(props: {
  results: RunResults;
  onCellClick: (host: string, taskId: string) => void;
}) {
  const theme = useTheme();
  const { tasks, hosts, cells, plays } = props.results;
  const byKey = new Map(cells.map(c => [`${c.host}\u0000${c.task}`, c]));
  const playName = new Map(plays.map(p => [p.id, p.name]));
  if (tasks.length === 0 || hosts.length === 0) {
    return (
      <Typography color="text.secondary">
        No task has run on any host yet.
      </Typography>
    );
  }
  const looks: CellLook[] = [
    'ok',
    'changed',
    'failed',
    'ignored',
    'unreachable',
    'skipped',
  ];
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} aria-label="Legend" flexWrap="wrap">
        {looks.map(look => (
          <Stack key={look} direction="row" spacing={0.5} alignItems="center">
            <Box
              sx={{
                width: 12,
                height: 12,
                borderRadius: 0.5,
                bgcolor: cellColor(theme, look),
              }}
            />
            <Typography variant="caption">{CELL_LABEL[look]}</Typography>
          </Stack>
        ))}
      </Stack>
      <Box sx={{ overflowX: 'auto' }}>
        <Box
          component="table"
          aria-label="Hosts and tasks"
          sx={{ borderCollapse: 'separate', borderSpacing: 3 }}
        >
          <thead>
            <tr>
              <Box component="th" sx={{ textAlign: 'left', pr: 1 }}>
                Host
              </Box>
              {tasks.map((task, i) => (
                <Box
                  component="th"
                  key={task.id}
                  scope="col"
                  title={`${task.play ? `${playName.get(task.play)} · ` : ''}${
                    task.name
                  }${task.path ? ` (${task.path})` : ''}`}
                  sx={{
                    fontWeight: 400,
                    fontSize: 11,
                    color: 'text.secondary',
                    width: 22,
                  }}
                >
                  {i + 1}
                </Box>
              ))}
            </tr>
          </thead>
          <tbody>
            {hosts.map(host => (
              <tr key={host}>
                <Box
                  component="th"
                  scope="row"
                  sx={{
                    textAlign: 'left',
                    fontFamily: 'monospace',
                    fontWeight: 400,
                    pr: 1,
                    whiteSpace: 'nowrap',
                  }}
                >
                  {host}
                </Box>
                {tasks.map(task => {
                  const cell = byKey.get(`${host}\u0000${task.id}`);
                  return (
                    <td key={task.id}>
                      {cell && (
                        <CellButton
                          host={host}
                          task={task.name}
                          cell={cell}
                          color={cellColor(theme, cellLook(cell))}
                          onClick={props.onCellClick}
                        />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Box>
      </Box>
      <Box component="ol" sx={{ m: 0, pl: 3, columns: '2 320px' }}>
        {tasks.map(task => (
          <Typography component="li" variant="caption" key={task.id}>
            {task.name}
            {task.handler ? ' (handler)' : ''}
          </Typography>
        ))}
      </Box>
    </Stack>
  );
}
