/*
 * The OpsSight backend: Backstage's core plugins plus the OpsSight plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { accessSessionsServiceFactory } from '@opssight/plugin-access-backend';
import { auditorServiceFactory } from '@opssight/plugin-audit-backend';
import { rootHttpRouterWithSessionGuard } from '@opssight/plugin-auth-backend-module-opssight-provider';
import { rootConfigWithApiToken } from './apiToken';

const backend = createBackend();

backend.add(rootConfigWithApiToken);
// Local sign-in sessions, one service (and one pool on the access database) for
// the sign-in provider, the session guard, the access plugin and the terminal.
backend.add(accessSessionsServiceFactory);
// Every plugin's audit events, core plugins included, go to OpsSight's hash-chained trail.
backend.add(auditorServiceFactory);
// Every request made with a local sign-in's token must belong to a live session.
backend.add(rootHttpRouterWithSessionGuard);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder (the cluster wizard and other templates)
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// auth: OpsSight's local accounts; GitHub when configured (README,
// "Sign-in"); the guest provider only in development and only when configured.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@opssight/plugin-auth-backend-module-opssight-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: OpsSight's roles (Admin / Operator / Viewer; opssight.roles in app-config)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@opssight/plugin-permission-backend-module-opssight-policy'),
);

// search: the Postgres engine when on PostgreSQL, in-memory otherwise
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// Kubernetes plugin: OpsSight's clusters, their API tokens from the vault (server-side)
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@opssight/plugin-kubernetes-backend-module-opssight'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// OpsSight
backend.add(import('@opssight/plugin-access-backend'));
backend.add(import('@opssight/plugin-catalog-backend-module-users'));
backend.add(import('@opssight/plugin-audit-backend'));
backend.add(import('@opssight/plugin-vault-backend'));
backend.add(import('@opssight/plugin-machines-backend'));
backend.add(import('@opssight/plugin-catalog-backend-module-machines'));

backend.add(import('@opssight/plugin-terminal-backend'));

// Kubernetes clusters: the wizard's scaffolder actions, the catalog entities, bulk runs
backend.add(import('@opssight/plugin-clusters-backend'));
backend.add(import('@opssight/plugin-catalog-backend-module-clusters'));
backend.add(import('@opssight/plugin-scaffolder-backend-module-clusters'));
backend.start();
