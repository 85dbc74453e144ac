import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/clusters',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const clustersPlugin = createFrontendPlugin({
  pluginId: 'clusters',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
