import Box from '@mui/material/Box';
import type { SessionState } from '../../session';

/** How a state looks: a colour (palette path) and a few words. */
export const SESSION_STATE_LOOK: Record<
  SessionState,
  { label: string; color: string }
> = {
  opening: { label: 'Opening', color: 'warning.main' },
  connecting: { label: 'Connecting', color: 'warning.main' },
  connected: { label: 'Connected', color: 'success.main' },
  ended: { label: 'Ended', color: 'text.disabled' },
  failed: { label: 'Failed', color: 'error.main' },
};

const BUSY: ReadonlySet<SessionState> = new Set(['opening', 'connecting']);

/** A coloured dot for a session's state; it pulses while connecting. */
export function StateDot(props: { state: SessionState; size?: number }) {
  const { state, size = 10 } = props;
  const look = SESSION_STATE_LOOK[state];
  return (
    <Box
      component="span"
      role="img"
      aria-label={look.label}
      data-state={state}
      sx={{
        display: 'inline-block',
        flexShrink: 0,
        width: size,
        height: size,
        borderRadius: '50%',
        bgcolor: look.color,
        '@keyframes opssight-terminal-pulse': {
          '0%, 100%': { opacity: 1 },
          '50%': { opacity: 0.3 },
        },
        animation: BUSY.has(state)
          ? 'opssight-terminal-pulse 1.2s ease-in-out infinite'
          : 'none',
      }}
    />
  );
}
