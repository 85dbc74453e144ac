import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/vault',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const vaultPlugin = createFrontendPlugin({
  pluginId: 'vault',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
