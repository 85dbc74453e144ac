import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Machine } from '@opssight/plugin-machines-common';
import { fakeMachineRegistry } from '@opssight/plugin-machines-react/testing';
import {
  renderAsRole,
  type RenderAsRoleOptions,
} from '@opssight/plugin-api-react/testing';
import { terminalApiRef } from '../api';
import { recordingRouteRef, recordingsRouteRef } from '../routes';
import { fakeTerminalApi } from './fakes';

/**
 * Renders a page of the recordings (the list or one recording) with `api`,
 * the registry's `machines`, and the routes the pages link to, for `role`.
 */
export function renderRecordingPage(
  element: JSX.Element,
  {
    api = fakeTerminalApi(),
    machines = [],
    ...options
  }: RenderAsRoleOptions & {
    api?: ReturnType<typeof fakeTerminalApi>;
    machines?: Machine[];
  } = {},
) {
  renderAsRole(element, {
    ...options,
    apis: [[terminalApiRef, api], fakeMachineRegistry(machines).pair],
    mountedRoutes: {
      '/terminal/recordings': recordingsRouteRef,
      '/terminal/recordings/:id': recordingRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
  return api;
}
