import type { Entity } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  renderAsRole,
  type RenderAsRoleOptions,
  type TestRole,
} from '@opssight/plugin-api-react/testing';
import { machineReadPermission } from '@opssight/plugin-machines-common';
import { fakeMachinesApi } from '@opssight/plugin-machines-react/testing';
import { machinesApiRef } from '../api';
import { terminalRouteRef } from '../routes';
import { connectionTestEvents } from '../testing/connectionTestEvents';

/** A user who may look at machines and do nothing else. */
export const machineReader: TestRole = name =>
  name === machineReadPermission.name;

export type MachinesRenderOptions = Pick<RenderAsRoleOptions, 'role'> & {
  /** The machines API; a fake with no machines unless given. */
  api?: ReturnType<typeof fakeMachinesApi>;
  /** The other APIs the component needs (the vault's). */
  apis?: RenderAsRoleOptions['apis'];
  /** The connection tests' event streams; silent unless given. */
  events?: ReturnType<typeof connectionTestEvents>;
  /**
   * Whether the terminal page is mounted, as the terminal plugin mounts it
   * for users who may open terminals; it is unless said.
   */
  terminal?: boolean;
};

/**
 * Renders a machines component for a user with `role` (an admin unless
 * said), with the machines API, the connection tests' event streams and the
 * catalog and terminal pages it links to; gives back its API.
 */
export function renderMachines(
  element: JSX.Element,
  {
    api = fakeMachinesApi(),
    apis = [],
    events = connectionTestEvents(),
    terminal = true,
    role,
  }: MachinesRenderOptions = {},
) {
  renderAsRole(element, {
    role,
    apis: [[machinesApiRef, api], events.api, ...apis],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      ...(terminal && { '/terminal': terminalRouteRef }),
    },
  });
  return api;
}

/** The catalog entity of a registered machine, with `annotations`. */
export function machineEntity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'web-1--10-0-0-1', annotations },
    spec: { type: 'machine', owner: 'group:default/platform-team' },
  };
}
