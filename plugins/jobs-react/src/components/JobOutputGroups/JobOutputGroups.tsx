import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import type { JobTarget } from '@opssight/plugin-jobs-common';
import { TARGET_STATUS_LOOK, toneColor } from '../../status';
import { TargetStatusChip } from '../JobStatusChip';
import { TargetOutput } from '../TargetOutput';
import {
  describeGroupResult,
  groupTargetOutputs,
  TargetOutputGroup,
} from './groupTargetOutputs';

function GroupHeader(props: { group: TargetOutputGroup; maxLabels: number }) {
  const { group, maxLabels } = props;
  const [expanded, setExpanded] = useState(false);
  const labels = group.targets.map(t => t.label);
  const hidden = expanded ? 0 : Math.max(0, labels.length - maxLabels);
  const shown = hidden > 0 ? labels.slice(0, maxLabels) : labels;
  const names = `${shown.join(', ')}${hidden > 0 ? ` + ${hidden} more` : ''}`;
  return (
    <Stack
      direction="row"
      spacing={1}
      alignItems="center"
      sx={theme => ({
        px: 1.5,
        py: 0.75,
        bgcolor: group.failed
          ? alpha(theme.palette.error.main, 0.08)
          : 'transparent',
      })}
    >
      <TargetStatusChip status={group.status} />
      <Typography
        variant="body2"
        sx={{ fontWeight: 600, flexGrow: 1, wordBreak: 'break-word' }}
        data-testid="job-output-group-title"
      >
        {`${names} (${labels.length}) · ${describeGroupResult(group)}`}
      </Typography>
      {labels.length > maxLabels && (
        <Button size="small" onClick={() => setExpanded(e => !e)}>
          {expanded ? 'Show fewer' : 'Show all'}
        </Button>
      )}
    </Stack>
  );
}

/**
 * Props of {@link JobOutputGroups}.
 *
 * @public
 */
export type JobOutputGroupsProps = {
  targets: readonly JobTarget[];
  /** Target labels listed in a group's header before "+ N more". Default 12. */
  maxLabels?: number;
};

/**
 * The targets' output gathered like `clush -b`: targets that ended with the
 * same exit code, error kind, stdout and stderr share one block, whose header
 * names them (`node-1, node-2, node-3 (3) · exit 0`). Biggest group first;
 * failed groups are red.
 *
 * @public
 */
export function JobOutputGroups(props: JobOutputGroupsProps) {
  const { targets, maxLabels = 12 } = props;
  const { groups, unfinished } = useMemo(
    () => groupTargetOutputs(targets),
    [targets],
  );

  return (
    <Stack spacing={1.5} data-testid="job-output-groups">
      {unfinished.length > 0 && (
        <Typography variant="body2" color="text.secondary">
          {unfinished.length} still pending or running; their output joins a
          group when they finish.
        </Typography>
      )}
      {groups.length === 0 && unfinished.length === 0 && (
        <Typography color="text.secondary">No targets yet.</Typography>
      )}
      {groups.map(group => (
        <Paper
          key={group.key}
          variant="outlined"
          data-testid="job-output-group"
          data-status={group.status}
          sx={theme => ({
            overflow: 'hidden',
            borderLeft: `4px solid ${toneColor(
              theme,
              TARGET_STATUS_LOOK[group.status].tone,
            )}`,
          })}
        >
          <GroupHeader group={group} maxLabels={maxLabels} />
          <Box sx={{ px: 1.5, pb: 1.5, pt: 0.5 }}>
            <TargetOutput
              stdout={group.stdout}
              stderr={group.stderr}
              stdoutTruncated={group.stdoutTruncated}
              stderrTruncated={group.stderrTruncated}
              errorMessages={group.errorMessages.slice(0, 5)}
            />
            {group.errorMessages.length > 5 && (
              <Typography variant="caption" color="text.secondary">
                and {group.errorMessages.length - 5} other messages
              </Typography>
            )}
          </Box>
        </Paper>
      ))}
    </Stack>
  );
}
