import KeyIcon from '@mui/icons-material/Key';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { vaultApiRef, VaultClient } from './api';
import { rootRouteRef } from './routes';

export const vaultApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: vaultApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VaultClient({ discoveryApi, fetchApi }),
    }),
});

/** The page's title and icon also make its entry in the sidebar. */
export const credentialsPage = PageBlueprint.make({
  params: {
    path: '/credentials',
    title: 'Credentials',
    icon: <KeyIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/CredentialsPage').then(m => <m.CredentialsPage />),
  },
});

export const vaultPlugin = createFrontendPlugin({
  pluginId: 'vault',
  title: 'Credentials',
  icon: <KeyIcon fontSize="inherit" />,
  routes: {
    root: rootRouteRef,
  },
  extensions: [vaultApi, credentialsPage],
});
