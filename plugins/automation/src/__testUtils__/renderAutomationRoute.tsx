import { Route, Routes } from 'react-router-dom';
import {
  renderAsRole,
  type RenderAsRoleOptions,
} from '@opssight/plugin-api-react/testing';
import { automationApiRef } from '../api';
import * as routes from '../routes';
import { fakeAutomationApi } from '../testing/fakeAutomationApi';
import { Landing } from '../testing/Landing';

const automationRoutes = {
  '/automation': routes.rootRouteRef,
  '/automation/projects/:id': routes.projectRouteRef,
  '/automation/runs/:id': routes.runRouteRef,
  '/machines': routes.machinesRouteRef,
};

export type AutomationRouteOptions = Pick<RenderAsRoleOptions, 'role'> & {
  api?: ReturnType<typeof fakeAutomationApi>;
  apis?: RenderAsRoleOptions['apis'];
  /** The route `element` stands at, and the address the test opens. */
  path?: string;
  at?: string;
  /** Where the page leads to, if anywhere: a `Landing` says it got there. */
  landing?: string;
};

/**
 * Renders an automation page at its route for a user with `role` (an admin
 * unless said), every automation route mounted; gives back its API.
 */
export function renderAutomationRoute(
  element: JSX.Element,
  {
    api = fakeAutomationApi(),
    apis = [],
    path = '/automation/*',
    at = '/automation',
    landing,
    role,
  }: AutomationRouteOptions = {},
) {
  renderAsRole(
    <Routes>
      <Route path={path} element={element} />
      {landing && <Route path={landing} element={<Landing />} />}
    </Routes>,
    {
      role,
      apis: [[automationApiRef, api], ...apis],
      initialRouteEntries: [at],
      mountedRoutes: automationRoutes,
    },
  );
  return api;
}
