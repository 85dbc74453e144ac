import { Route, Routes } from 'react-router-dom';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  renderAsRole,
  type RenderAsRoleOptions,
} from '@opssight/plugin-api-react/testing';
import { clustersApiRef } from '../api';
import * as routes from '../routes';
import { fakeClustersApi } from '../testing/fakeClustersApi';
import { Landing } from '../testing/Landing';

/** The plugin's routes, and the terminal, wizard and catalog pages it links to. */
const clustersRoutes = {
  '/clusters': routes.rootRouteRef,
  '/clusters/:id': routes.clusterRouteRef,
  '/clusters/:id/edit': routes.reconfigureRouteRef,
  '/clusters/runs/new': routes.newRunRouteRef,
  '/clusters/runs/:id': routes.runRouteRef,
  '/terminal': routes.terminalRouteRef,
  '/create/templates/:namespace/:templateName': routes.templateRouteRef,
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

export type ClustersRouteOptions = Pick<RenderAsRoleOptions, 'role'> & {
  /** The clusters API; a fake answering with one cluster unless given. */
  api?: ReturnType<typeof fakeClustersApi>;
  /** The other APIs the page needs (the vault's, the machines'). */
  apis?: RenderAsRoleOptions['apis'];
  /** The route `element` stands at, and the address the test opens. */
  path?: string;
  at?: string;
  /** Where the page leads to, if anywhere: a `Landing` says it got there. */
  landing?: string;
};

/**
 * Renders a clusters page at its route for a user with `role` (an admin
 * unless said), with every clusters route mounted; gives back its API.
 */
export function renderClustersRoute(
  element: JSX.Element,
  {
    api = fakeClustersApi(),
    apis = [],
    path = '/clusters',
    at = path,
    landing,
    role,
  }: ClustersRouteOptions = {},
) {
  renderAsRole(
    <Routes>
      <Route path={path} element={element} />
      {landing && <Route path={landing} element={<Landing />} />}
    </Routes>,
    {
      role,
      apis: [[clustersApiRef, api], ...apis],
      initialRouteEntries: [at],
      mountedRoutes: clustersRoutes,
    },
  );
  return api;
}
