import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { auditReadPermission } from '@opssight/plugin-audit-common';
import { auditApiRef, AuditClient } from './api';
import { rootRouteRef } from './routes';

export const auditApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: auditApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AuditClient({ discoveryApi, fetchApi }),
    }),
});

/** The permission as extension predicates name it, `name#action`; the app asks once per session. */
export const AUDIT_READ_PREDICATE = `${auditReadPermission.name}#${auditReadPermission.attributes.action}`;

const mayReadTrail = { permissions: { $contains: AUDIT_READ_PREDICATE } };

/**
 * The trail, for those who may read it. Its title and icon make its sidebar
 * entry, so the entry exists only for them too.
 */
export const auditPage = PageBlueprint.make({
  if: mayReadTrail,
  params: {
    path: '/audit',
    title: 'Audit trail',
    icon: <ManageSearchIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () => import('./components/AuditPage').then(m => <m.AuditPage />),
  },
});

/**
 * Everyone else who follows a link to /audit learns why it is not for them,
 * rather than meeting a 404. No icon (and none on the plugin), so no sidebar entry.
 */
export const adminsOnlyPage = PageBlueprint.make({
  name: 'admins-only',
  if: { $not: mayReadTrail },
  params: {
    path: '/audit',
    loader: () => import('./components/AdminsOnly').then(m => <m.AdminsOnly />),
  },
});

export const auditPlugin = createFrontendPlugin({
  pluginId: 'audit',
  title: 'Audit trail',
  routes: {
    root: rootRouteRef,
  },
  extensions: [auditApi, auditPage, adminsOnlyPage],
});
