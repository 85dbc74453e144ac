import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/**
 * The automation home, `/automation`, with its tabs as sub-paths:
 * `projects`, `inventories`, `templates`, `schedules`, `runs`.
 */
export const rootRouteRef = createRouteRef();

/** One project: its files, versions and syntax check, `/automation/projects/:id`. */
export const projectRouteRef = createRouteRef({ params: ['id'] });

/** One run, live, `/automation/runs/:id`. */
export const runRouteRef = createRouteRef({ params: ['id'] });

/**
 * The machine registry's page, where a machine that cannot be reached yet is
 * tested (and its host key pinned): `?q=<hostname>` finds it. Unbound in an
 * app without the machines plugin, and then the links stay out.
 */
export const machinesRouteRef = createExternalRouteRef({
  defaultTarget: 'machines.root',
});
