import { useMemo } from 'react';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { terminalRouteRef } from '../routes';

/**
 * Where "Open terminal" on a node's machine leads, or undefined when there is
 * no terminal for this user: the terminal page (the route's target) is mounted
 * only for users who may open terminals, and not in an app without it.
 */
export function useTerminalLink(): ((machineId: string) => string) | undefined {
  const terminal = useRouteRef(terminalRouteRef);
  return useMemo(
    () =>
      terminal
        ? machineId => `${terminal()}?machine=${encodeURIComponent(machineId)}`
        : undefined,
    [terminal],
  );
}
