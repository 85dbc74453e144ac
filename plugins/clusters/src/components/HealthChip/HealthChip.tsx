import Chip, { type ChipProps } from '@mui/material/Chip';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HelpOutlineIcon from '@mui/icons-material/HelpOutline';
import WarningIcon from '@mui/icons-material/Warning';
import type { Theme } from '@mui/material/styles';
import type { HealthState } from '@opssight/plugin-clusters-common';
import { toneColor, type StatusTone } from '@opssight/plugin-jobs-react';

export const HEALTH_STATES: readonly HealthState[] = [
  'healthy',
  'degraded',
  'unhealthy',
  'unknown',
];

export const HEALTH_LABELS: Record<HealthState, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};

/** In the job views' colours: green, orange, red, grey. */
const HEALTH_TONES: Record<HealthState, StatusTone> = {
  healthy: 'success',
  degraded: 'timeout',
  unhealthy: 'failure',
  unknown: 'waiting',
};

export function healthColor(theme: Theme, state: HealthState): string {
  return toneColor(theme, HEALTH_TONES[state] ?? 'waiting');
}

const ICONS: Record<HealthState, JSX.Element> = {
  healthy: <CheckCircleIcon />,
  degraded: <WarningIcon />,
  unhealthy: <ErrorIcon />,
  unknown: <HelpOutlineIcon />,
};

/** A cluster's health state as a chip in its status colour. */
export function HealthChip(
  props: { state: HealthState } & Omit<ChipProps, 'label' | 'color'>,
) {
  const { state, sx, ...chip } = props;
  const hollow = state === 'unknown';
  return (
    <Chip
      size="small"
      {...chip}
      icon={ICONS[state] ?? ICONS.unknown}
      label={HEALTH_LABELS[state] ?? state}
      variant={hollow ? 'outlined' : 'filled'}
      data-testid="health-chip"
      data-state={state}
      sx={[
        theme => {
          const color = healthColor(theme, state);
          return {
            fontWeight: 600,
            ...(hollow
              ? { borderColor: color, color }
              : {
                  bgcolor: color,
                  color: theme.palette.getContrastText(color),
                }),
            // Beats the chip's own icon colour (a rule of two classes, whose
            // names the app prefixes).
            '&& svg': { color: 'inherit' },
          };
        },
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    />
  );
}
