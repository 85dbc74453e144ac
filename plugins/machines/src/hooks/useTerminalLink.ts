import { useMemo } from 'react';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import type { Machine } from '@opssight/plugin-machines-common';
import { terminalRouteRef } from '../routes';

/**
 * Where "Open terminal" leads for a machine, or undefined when there is no
 * terminal for this user. The terminal plugin mounts its page only for users
 * with `terminalSessionCreatePermission` (the page's `if` predicate), so the
 * route resolves exactly when the user may open terminals, and not at all in
 * an app without the terminal plugin: viewers never see a button that ends in
 * "not allowed".
 */
export function useTerminalLink():
  | ((machine: Pick<Machine, 'id'>) => string)
  | undefined {
  const terminal = useRouteRef(terminalRouteRef);
  return useMemo(
    () =>
      terminal
        ? machine => `${terminal()}?machine=${encodeURIComponent(machine.id)}`
        : undefined,
    [terminal],
  );
}
