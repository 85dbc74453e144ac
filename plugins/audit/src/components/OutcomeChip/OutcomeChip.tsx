import Chip from '@mui/material/Chip';
import type { AuditOutcome } from '@opssight/plugin-audit-common';

/** Succeeded green, failed red, denied orange, initiated grey. */
export const OUTCOME_COLORS = {
  succeeded: 'success',
  failed: 'error',
  denied: 'warning',
  initiated: 'default',
} as const satisfies Record<AuditOutcome, string>;

export function OutcomeChip(props: { outcome: AuditOutcome }) {
  const { outcome } = props;
  return (
    <Chip
      size="small"
      label={outcome}
      color={OUTCOME_COLORS[outcome]}
      variant={outcome === 'initiated' ? 'outlined' : 'filled'}
      data-testid="outcome"
      data-outcome={outcome}
    />
  );
}
