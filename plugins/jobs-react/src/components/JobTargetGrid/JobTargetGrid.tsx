import { memo, SyntheticEvent, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Popper from '@mui/material/Popper';
import Typography from '@mui/material/Typography';
import { alpha, Theme } from '@mui/material/styles';
import type { JobTarget, TargetStatus } from '@opssight/plugin-jobs-common';
import { formatDuration, formatTime } from '../../format';
import {
  pulse,
  TARGET_ERROR_LABEL,
  TARGET_STATUS_LOOK,
  toneColor,
} from '../../status';
import { TargetStatusChip } from '../JobStatusChip';
import { TargetOutput } from '../TargetOutput';

/** Most urgent first: what the filter chips list. */
const STATUS_ORDER: TargetStatus[] = [
  'failed',
  'running',
  'pending',
  'succeeded',
  'cancelled',
  'skipped',
];

/**
 * A target's result in a few words: `exit 0 · 1.2 s`, `auth failed · 0.3 s`,
 * `running`.
 *
 * @public
 */
export function describeTargetResult(target: JobTarget): string {
  const parts: string[] = [];
  if (target.errorKind && target.errorKind !== 'exec') {
    parts.push(TARGET_ERROR_LABEL[target.errorKind]);
  } else if (target.exitCode !== null) {
    parts.push(`exit ${target.exitCode}`);
  } else if (target.errorKind === 'exec') {
    parts.push(TARGET_ERROR_LABEL.exec);
  } else if (target.status !== 'succeeded' && target.status !== 'failed') {
    parts.push(TARGET_STATUS_LOOK[target.status].label.toLowerCase());
  }
  if (target.durationMs !== null) parts.push(formatDuration(target.durationMs));
  return parts.join(' · ');
}

function TileDetails(props: { target: JobTarget }) {
  const { target } = props;
  return (
    <Box sx={{ fontSize: 12, lineHeight: 1.5, maxWidth: 360 }}>
      <Box sx={{ fontWeight: 600 }}>{target.label}</Box>
      <div>
        {TARGET_STATUS_LOOK[target.status].label}
        {target.exitCode !== null && ` · exit code ${target.exitCode}`}
        {target.durationMs !== null &&
          ` · ${formatDuration(target.durationMs)}`}
      </div>
      {target.errorKind && <div>{TARGET_ERROR_LABEL[target.errorKind]}</div>}
      {target.errorMessage && (
        <Box sx={{ wordBreak: 'break-word' }}>{target.errorMessage}</Box>
      )}
      <Box sx={{ opacity: 0.75 }}>Click for its output</Box>
    </Box>
  );
}

/** A plain button: 250 of them must render fast, so styles live on the grid. */
const TargetTile = memo(function Tile(props: { target: JobTarget }) {
  const { target } = props;
  const look = TARGET_STATUS_LOOK[target.status] ?? TARGET_STATUS_LOOK.pending;
  const result = describeTargetResult(target);
  const live = target.status === 'pending' || target.status === 'running';
  return (
    <button
      type="button"
      data-testid="job-target-tile"
      data-key={target.key}
      data-status={target.status}
      aria-label={`${target.label}: ${look.label.toLowerCase()}${
        result && !live ? `, ${result}` : ''
      }`}
    >
      <span className="label">{target.label}</span>
      <span>{result || '\u00a0'}</span>
    </button>
  );
});

/** Every tile's look, once per grid rather than once per tile. */
function gridStyles(theme: Theme, minTileWidth: number) {
  const byStatus = Object.fromEntries(
    (Object.keys(TARGET_STATUS_LOOK) as TargetStatus[]).map(status => {
      const look = TARGET_STATUS_LOOK[status];
      const color = toneColor(theme, look.tone);
      return [
        `& > button[data-status="${status}"]`,
        {
          ...(look.hollow
            ? {
                border: `1px dashed ${color}`,
                background: 'transparent',
                color: theme.palette.text.secondary,
              }
            : {
                border: `1px solid ${color}`,
                background: color,
                color: theme.palette.getContrastText(color),
              }),
          ...(look.tone === 'running' ? pulse : {}),
        },
      ];
    }),
  );
  return {
    display: 'grid',
    gridTemplateColumns: `repeat(auto-fill, minmax(${minTileWidth}px, 1fr))`,
    gap: theme.spacing(0.5),
    '& > button': {
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'center',
      minWidth: 0,
      height: 44,
      padding: theme.spacing(0, 1),
      borderRadius: theme.shape.borderRadius,
      font: 'inherit',
      fontSize: 12,
      lineHeight: 1.35,
      textAlign: 'left',
      cursor: 'pointer',
      '& > span': {
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
        maxWidth: '100%',
      },
      '& > span.label': { fontWeight: 600 },
      '&:hover': { filter: 'brightness(0.92)' },
      '&:focus-visible': {
        outline: `2px solid ${theme.palette.text.primary}`,
        outlineOffset: 1,
      },
    },
    ...byStatus,
  };
}

/** The tile under the pointer or focus, found from the event's target. */
function tileOf(event: SyntheticEvent): HTMLElement | undefined {
  const tile = (event.target as Element).closest?.('[data-key]');
  return tile instanceof HTMLElement ? tile : undefined;
}

function TargetDialog(props: { target?: JobTarget; onClose(): void }) {
  const { target, onClose } = props;
  const meta = Object.entries(target?.meta ?? {}).filter(
    ([, value]) => value !== null && typeof value !== 'object',
  );
  return (
    <Dialog
      open={!!target}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="job-target-dialog-title"
    >
      {target && (
        <>
          <DialogTitle id="job-target-dialog-title">
            <Stack direction="row" spacing={1} alignItems="center">
              <Box component="span" sx={{ wordBreak: 'break-all' }}>
                {target.label}
              </Box>
              <TargetStatusChip status={target.status} />
            </Stack>
          </DialogTitle>
          <DialogContent>
            <Typography
              variant="body2"
              color="text.secondary"
              sx={{ mb: 1.5 }}
              data-testid="job-target-facts"
            >
              {[
                target.exitCode !== null && `exit code ${target.exitCode}`,
                target.errorKind && TARGET_ERROR_LABEL[target.errorKind],
                target.durationMs !== null &&
                  `took ${formatDuration(target.durationMs)}`,
                target.startedAt && `started ${formatTime(target.startedAt)}`,
                ...meta.map(([name, value]) => `${name}: ${value}`),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
            <TargetOutput
              stdout={target.stdout}
              stderr={target.stderr}
              stdoutTruncated={target.stdoutTruncated}
              stderrTruncated={target.stderrTruncated}
              errorMessages={target.errorMessage ? [target.errorMessage] : []}
              maxHeight="50vh"
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}

/**
 * Props of {@link JobTargetGrid}.
 *
 * @public
 */
export type JobTargetGridProps = {
  targets: readonly JobTarget[];
  /** Narrowest a tile gets, in px. Default 132. */
  minTileWidth?: number;
  /** Shown when there are no targets. Default "No targets yet." */
  emptyText?: string;
};

/**
 * One compact tile per target, coloured by status, with its label, exit code
 * or error kind and duration; the error message in a tooltip. Clicking a tile
 * opens what the target printed. Chips above filter by status; tiles keep
 * their place as statuses change, so hundreds stay readable at a glance.
 *
 * @public
 */
export function JobTargetGrid(props: JobTargetGridProps) {
  const { targets, minTileWidth = 132, emptyText = 'No targets yet.' } = props;
  const [filter, setFilter] = useState<TargetStatus>();
  const [selectedKey, setSelectedKey] = useState<string>();
  const [hovered, setHovered] = useState<HTMLElement>();

  const counts = useMemo(() => {
    const byStatus = new Map<TargetStatus, number>();
    for (const t of targets) {
      byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
    }
    return STATUS_ORDER.filter(s => byStatus.has(s)).map(
      s => [s, byStatus.get(s)!] as const,
    );
  }, [targets]);

  if (targets.length === 0) {
    return <Typography color="text.secondary">{emptyText}</Typography>;
  }
  const shown = filter ? targets.filter(t => t.status === filter) : targets;
  const selected = targets.find(t => t.key === selectedKey);
  const hoveredTarget = hovered
    ? targets.find(t => t.key === hovered.dataset.key)
    : undefined;

  return (
    <Box data-testid="job-target-grid">
      {targets.length > 1 && (
        <Stack
          direction="row"
          spacing={0.75}
          useFlexGap
          flexWrap="wrap"
          sx={{ mb: 1.5 }}
          role="group"
          aria-label="Filter by status"
        >
          <Chip
            size="small"
            label={`All ${targets.length}`}
            variant={filter ? 'outlined' : 'filled'}
            aria-pressed={!filter}
            onClick={() => setFilter(undefined)}
          />
          {counts.map(([status, count]) => {
            const look = TARGET_STATUS_LOOK[status];
            const active = filter === status;
            return (
              <Chip
                key={status}
                size="small"
                label={`${look.label} ${count}`}
                aria-pressed={active}
                onClick={() => setFilter(active ? undefined : status)}
                variant="outlined"
                sx={theme => {
                  const color = toneColor(theme, look.tone);
                  return active
                    ? {
                        bgcolor: color,
                        borderColor: color,
                        color: theme.palette.getContrastText(color),
                        '&&:hover': { bgcolor: color },
                      }
                    : { borderColor: color, color };
                }}
              />
            );
          })}
        </Stack>
      )}
      <Box
        sx={theme => gridStyles(theme, minTileWidth)}
        onClick={event => {
          const tile = tileOf(event);
          if (tile) setSelectedKey(tile.dataset.key);
        }}
        onMouseOver={event => setHovered(tileOf(event))}
        onMouseLeave={() => setHovered(undefined)}
        onFocus={event => setHovered(tileOf(event))}
        onBlur={() => setHovered(undefined)}
      >
        {shown.map(target => (
          <TargetTile key={target.key} target={target} />
        ))}
      </Box>
      <Popper
        open={!!hoveredTarget && !selected}
        anchorEl={hovered}
        placement="top"
        sx={{ zIndex: 'tooltip', pointerEvents: 'none' }}
      >
        <Box
          role="tooltip"
          sx={theme => ({
            m: 0.75,
            px: 1,
            py: 0.5,
            borderRadius: 1,
            bgcolor: alpha(theme.palette.grey[800], 0.95),
            color: theme.palette.common.white,
          })}
        >
          {hoveredTarget && <TileDetails target={hoveredTarget} />}
        </Box>
      </Popper>
      <TargetDialog
        target={selected}
        onClose={() => setSelectedKey(undefined)}
      />
    </Box>
  );
}
