import {
  createFrontendPlugin,
  PageBlueprint,
  type ApiRef,
  type ExtensionDefinition,
  type ExternalRouteRef,
  type RouteRef,
} from '@backstage/frontend-plugin-api';
import type { ApiClientOptions } from '../apiFetcher';
import { apiClientExtension } from './apiClientExtension';
import { roleGatedPage } from './roleGatedPage';

/**
 * A plugin whose face is one page (Users, Credentials, Audit trail): its API
 * client, the page with its sidebar entry, and its routes. With `roleGate`
 * the page is only for the roles that hold the permission, and everyone else
 * at its address learns why (see {@link roleGatedPage}); such a plugin has no
 * icon of its own, so that only the page makes a sidebar entry.
 *
 * @public
 */
export function pagePlugin<TApi>(options: {
  pluginId: string;
  /** The page's title, and the plugin's. */
  title: string;
  /** The page's icon, e.g. `<KeyIcon fontSize="inherit" />`. */
  icon: JSX.Element;
  api: ApiRef<TApi>;
  Client: new (clientOptions: ApiClientOptions) => TApi;
  page: {
    path: string;
    routeRef: RouteRef;
    loader: () => Promise<JSX.Element>;
  };
  roleGate?: {
    permission: { name: string; attributes: { action?: string } };
    /** What everyone else sees; `name` is its extension's name. */
    notForYourRole: { name: string; title: string; description: string };
  };
  externalRoutes?: Record<string, ExternalRouteRef>;
  /** More of the plugin's extensions (entity tabs…), after the page. */
  extensions?: ExtensionDefinition[];
}) {
  const { pluginId, title, icon, roleGate } = options;
  const apiExtension = apiClientExtension(options.api, options.Client);
  const pageParams = { ...options.page, title, icon };
  const { page, notForYourRolePage } = roleGate
    ? roleGatedPage({ ...roleGate, page: pageParams })
    : { page: PageBlueprint.make({ params: pageParams }) };
  const plugin = createFrontendPlugin({
    pluginId,
    title,
    ...(!roleGate && { icon }),
    routes: { root: options.page.routeRef },
    externalRoutes: options.externalRoutes,
    extensions: [
      apiExtension,
      page,
      ...(notForYourRolePage ? [notForYourRolePage] : []),
      ...(options.extensions ?? []),
    ],
  });
  return { plugin, apiExtension, page, notForYourRolePage };
}
