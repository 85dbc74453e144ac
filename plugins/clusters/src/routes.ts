import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/** Every cluster, `/clusters`. */
export const rootRouteRef = createRouteRef();

/** One cluster, `/clusters/:id`. */
export const clusterRouteRef = createRouteRef({ params: ['id'] });

/** A cluster's nodes changed, `/clusters/:id/edit`. */
export const reconfigureRouteRef = createRouteRef({ params: ['id'] });

/**
 * A new bulk run, `/clusters/runs/new`; the query says on what:
 * `?clusterId=<id>[&role=master|worker]`, `?group=<name>` or `?machineIds=<id>,<id>`.
 */
export const newRunRouteRef = createRouteRef();

/** One bulk run, live, `/clusters/runs/:id`. */
export const runRouteRef = createRouteRef({ params: ['id'] });

/**
 * The web terminal's page, where "Open terminal" on a node leads
 * (`?machine=<machine id>`). Bound to the terminal plugin's page by default; it
 * resolves only for users who may open terminals, and not at all in an app
 * without the terminal plugin, and then the links stay out.
 */
export const terminalRouteRef = createExternalRouteRef({
  defaultTarget: 'terminal.root',
});

/**
 * A scaffolder template's form, where "New cluster" leads (the
 * `kubernetes-cluster` template). Unbound without the scaffolder.
 */
export const templateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
