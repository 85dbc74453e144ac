import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { pagePlugin, predicateName } from '@opssight/plugin-api-react';
import { auditReadPermission } from '@opssight/plugin-audit-common';
import { ADMINS_ONLY } from './adminsOnly';
import { auditApiRef, AuditClient } from './api';
import { rootRouteRef } from './routes';

/** The permission as extension predicates name it, `name#action`; the app asks once per session. */
export const AUDIT_READ_PREDICATE = predicateName(auditReadPermission);

/**
 * The trail, for those who may read it (its title and icon make its sidebar
 * entry, so the entry exists only for them too); everyone else who follows a
 * link to /audit learns why it is not for them, rather than meeting a 404.
 */
export const {
  plugin: auditPlugin,
  page: auditPage,
  notForYourRolePage: adminsOnlyPage,
} = pagePlugin({
  pluginId: 'audit',
  title: 'Audit trail',
  icon: <ManageSearchIcon fontSize="inherit" />,
  api: auditApiRef,
  Client: AuditClient,
  page: {
    path: '/audit',
    routeRef: rootRouteRef,
    loader: () => import('./components/AuditPage').then(m => <m.AuditPage />),
  },
  roleGate: {
    permission: auditReadPermission,
    notForYourRole: { name: 'admins-only', ...ADMINS_ONLY },
  },
});
