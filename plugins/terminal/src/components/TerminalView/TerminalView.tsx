import { useEffect, useLayoutEffect, useRef } from 'react';
import Box from '@mui/material/Box';
import type { TerminalSession } from '../../session';
import { XtermScreen } from './XtermScreen';

/**
 * Shows a session's screen, creating it (xterm.js) the first time. The screen
 * belongs to the session: unmounting the view only takes it off the page.
 * Its size follows the container (ResizeObserver) and the window.
 */
export function TerminalView(props: {
  session: TerminalSession;
  /** The tab in front: it gets fitted and focused. */
  active: boolean;
}) {
  const { session, active } = props;
  const container = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const screen = session.screen ?? session.attach(new XtermScreen());
    screen.mount(element);
    const fit = () => screen.fit();
    fit();
    const observer =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(fit);
    observer?.observe(element);
    window.addEventListener('resize', fit);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', fit);
      screen.unmount();
    };
  }, [session]);

  useEffect(() => {
    if (active) {
      session.screen?.fit();
      session.screen?.focus();
    }
  }, [active, session]);

  return (
    <Box
      ref={container}
      data-testid="terminal-screen"
      sx={{
        flex: 1,
        minHeight: 0,
        overflow: 'hidden',
        bgcolor: '#1e1e1e',
        p: 0.5,
        borderRadius: 1,
      }}
    />
  );
}
