import KeyIcon from '@mui/icons-material/Key';
import { pagePlugin } from '@opssight/plugin-api-react';
import { vaultApiRef, VaultClient } from './api';
import { rootRouteRef } from './routes';

/** The page's title and icon also make its entry in the sidebar. */
export const { plugin: vaultPlugin } = pagePlugin({
  pluginId: 'vault',
  title: 'Credentials',
  icon: <KeyIcon fontSize="inherit" />,
  api: vaultApiRef,
  Client: VaultClient,
  page: {
    path: '/credentials',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/CredentialsPage').then(m => <m.CredentialsPage />),
  },
});
