import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  apiClientExtension,
  predicateName,
  roleGatedPage,
} from '@opssight/plugin-api-react';
import { auditReadPermission } from '@opssight/plugin-audit-common';
import { ADMINS_ONLY } from './adminsOnly';
import { auditApiRef, AuditClient } from './api';
import { rootRouteRef } from './routes';

export const auditApi = apiClientExtension(auditApiRef, AuditClient);

/** The permission as extension predicates name it, `name#action`; the app asks once per session. */
export const AUDIT_READ_PREDICATE = predicateName(auditReadPermission);

/**
 * The trail, for those who may read it (its title and icon make its sidebar
 * entry, so the entry exists only for them too); everyone else who follows a
 * link to /audit learns why it is not for them, rather than meeting a 404.
 */
export const { page: auditPage, notForYourRolePage: adminsOnlyPage } =
  roleGatedPage({
    permission: auditReadPermission,
    page: {
      path: '/audit',
      title: 'Audit trail',
      icon: <ManageSearchIcon fontSize="inherit" />,
      routeRef: rootRouteRef,
      loader: () => import('./components/AuditPage').then(m => <m.AuditPage />),
    },
    notForYourRole: { name: 'admins-only', ...ADMINS_ONLY },
  });

export const auditPlugin = createFrontendPlugin({
  pluginId: 'audit',
  title: 'Audit trail',
  routes: {
    root: rootRouteRef,
  },
  extensions: [auditApi, auditPage, adminsOnlyPage],
});
