import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/machines',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const machinesPlugin = createFrontendPlugin({
  pluginId: 'machines',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
