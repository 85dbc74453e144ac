import PlayCircleIcon from '@mui/icons-material/PlayCircleOutline';
import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { apiClientExtension } from '@opssight/plugin-api-react';
import { automationApiRef, AutomationClient } from './api';
import {
  clusterAutomationEntityContent,
  machineRunsEntityContent,
} from './entityContent';
import {
  machinesRouteRef,
  projectRouteRef,
  rootRouteRef,
  runRouteRef,
} from './routes';

export const automationApi = apiClientExtension(
  automationApiRef,
  AutomationClient,
);

/** The home and its tabs; its title and icon make the "Automation" entry in the sidebar. */
export const automationPage = PageBlueprint.make({
  params: {
    path: '/automation',
    title: 'Automation',
    icon: <PlayCircleIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/AutomationPage').then(m => <m.AutomationPage />),
  },
});

export const projectPage = PageBlueprint.make({
  name: 'project',
  params: {
    path: '/automation/projects/:id',
    routeRef: projectRouteRef,
    loader: () =>
      import('./components/ProjectPage').then(m => <m.ProjectPage />),
  },
});

export const runPage = PageBlueprint.make({
  name: 'run',
  params: {
    path: '/automation/runs/:id',
    routeRef: runRouteRef,
    loader: () => import('./components/RunPage').then(m => <m.RunPage />),
  },
});

export const automationPlugin = createFrontendPlugin({
  pluginId: 'automation',
  // No plugin icon: the sub-pages (a project, a run) would each get a
  // sidebar entry of their own; the home page has its icon.
  title: 'Automation',
  routes: {
    root: rootRouteRef,
    project: projectRouteRef,
    run: runRouteRef,
  },
  externalRoutes: {
    machines: machinesRouteRef,
  },
  extensions: [
    automationApi,
    automationPage,
    projectPage,
    runPage,
    machineRunsEntityContent,
    clusterAutomationEntityContent,
  ],
});
