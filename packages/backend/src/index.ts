/*
 * The OpsSight backend: Backstage's core plugins plus the OpsSight plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { accessSessionsServiceFactory } from '@opssight/plugin-access-backend';
import { auditorServiceFactory } from '@opssight/plugin-audit-backend';
import { rootHttpRouterWithSessionGuard } from '@opssight/plugin-auth-backend-module-opssight-provider';
import { rootConfigWithApiToken } from './apiToken';

/** Services OpsSight replaces or adds. */
const serviceOverrides = [
  rootConfigWithApiToken,
  // Local sign-in sessions, one service (and one pool on the access database) for
  // the sign-in provider, the session guard, the access plugin and the terminal.
  accessSessionsServiceFactory,
  // Every plugin's audit events, core plugins included, go to OpsSight's hash-chained trail.
  auditorServiceFactory,
  // Every request made with a local sign-in's token must belong to a live session.
  rootHttpRouterWithSessionGuard,
];

const backstagePlugins = [
  import('@backstage/plugin-app-backend'),
  import('@backstage/plugin-proxy-backend'),
  // scaffolder (the cluster wizard and other templates)
  import('@backstage/plugin-scaffolder-backend'),
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
  // auth: OpsSight's local accounts (below); GitHub when configured (README,
  // "Sign-in"); the guest provider only in development and only when configured.
  import('@backstage/plugin-auth-backend'),
  import('@backstage/plugin-auth-backend-module-github-provider'),
  import('@backstage/plugin-auth-backend-module-guest-provider'),
  import('@backstage/plugin-catalog-backend'),
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  import('@backstage/plugin-catalog-backend-module-logs'),
  import('@backstage/plugin-permission-backend'),
  // search: the Postgres engine when on PostgreSQL, in-memory otherwise
  import('@backstage/plugin-search-backend'),
  import('@backstage/plugin-search-backend-module-pg'),
  import('@backstage/plugin-search-backend-module-catalog'),
  import('@backstage/plugin-kubernetes-backend'),
  import('@backstage/plugin-user-settings-backend'),
  import('@backstage/plugin-notifications-backend'),
  import('@backstage/plugin-signals-backend'),
  import('@backstage/plugin-mcp-actions-backend'),
];

const opsSightPlugins = [
  import('@opssight/plugin-access-backend'),
  import('@opssight/plugin-audit-backend'),
  import('@opssight/plugin-vault-backend'),
  import('@opssight/plugin-machines-backend'),
  import('@opssight/plugin-terminal-backend'),
  import('@opssight/plugin-clusters-backend'),
  import('@opssight/plugin-automation-backend'),
];

/** OpsSight's modules of Backstage's plugins. */
const opsSightModules = [
  // sign-in with OpsSight's local accounts
  import('@opssight/plugin-auth-backend-module-opssight-provider'),
  // OpsSight's roles (Admin / Operator / Viewer; opssight.roles in app-config)
  import('@opssight/plugin-permission-backend-module-opssight-policy'),
  // users, machines and clusters as catalog entities
  import('@opssight/plugin-catalog-backend-module-users'),
  import('@opssight/plugin-catalog-backend-module-machines'),
  import('@opssight/plugin-catalog-backend-module-clusters'),
  // the cluster wizard's scaffolder actions
  import('@opssight/plugin-scaffolder-backend-module-clusters'),
  // OpsSight's clusters in the Kubernetes plugin, their API tokens from the vault (server-side)
  import('@opssight/plugin-kubernetes-backend-module-opssight'),
];

const backend = createBackend();
for (const feature of [
  ...serviceOverrides,
  ...backstagePlugins,
  ...opsSightPlugins,
  ...opsSightModules,
]) {
  backend.add(feature);
}
backend.start();
