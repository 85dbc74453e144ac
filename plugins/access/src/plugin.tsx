import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import {
  createFrontendModule,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { pagePlugin, predicateName } from '@opssight/plugin-api-react';
import { accessUserReadPermission } from '@opssight/plugin-access-common';
import { ADMINS_ONLY } from './adminsOnly';
import { accessApiRef, AccessClient } from './api';
import { rootRouteRef } from './routes';

/** The permission as extension predicates name it, `name#action`; the app asks once per session. */
export const USER_READ_PREDICATE = predicateName(accessUserReadPermission);

/**
 * The local accounts, for those who may see them (its title and icon make its
 * sidebar entry, so the entry exists only for them too); everyone else who
 * follows a link to /users learns why it is not for them, rather than meeting
 * a 404.
 */
export const {
  plugin: accessPlugin,
  page: usersPage,
  notForYourRolePage: adminsOnlyPage,
} = pagePlugin({
  pluginId: 'access',
  title: 'Users',
  icon: <ManageAccountsIcon fontSize="inherit" />,
  api: accessApiRef,
  Client: AccessClient,
  page: {
    path: '/users',
    routeRef: rootRouteRef,
    loader: () => import('./components/UsersPage').then(m => <m.UsersPage />),
  },
  roleGate: {
    permission: accessUserReadPermission,
    notForYourRole: { name: 'admins-only', ...ADMINS_ONLY },
  },
});

/**
 * "Password" on the Settings page: a local user changes their own password
 * whenever they like, not only when an admin made them.
 *
 * @public
 */
export const passwordSettingsModule = createFrontendModule({
  pluginId: 'user-settings',
  extensions: [
    SubPageBlueprint.make({
      name: 'password',
      params: {
        path: 'password',
        title: 'Password',
        loader: async () => {
          const [{ ChangePasswordCard }, { Content }] = await Promise.all([
            import('./components/ChangePasswordCard'),
            import('@backstage/core-components'),
          ]);
          return (
            <Content>
              <ChangePasswordCard />
            </Content>
          );
        },
      },
    }),
  ],
});
