import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

export const rootRouteRef = createRouteRef();

/**
 * The web terminal's page, where "Open terminal" leads (`?machine=<id>` picks
 * the machine). Bound to the terminal plugin's page by default; an app without
 * the terminal plugin leaves it unbound and the buttons out.
 */
export const terminalRouteRef = createExternalRouteRef({
  defaultTarget: 'terminal.root',
});
