import DnsIcon from '@mui/icons-material/Dns';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { MACHINE_ENTITY_TYPE } from '@opssight/plugin-machines-common';
import { machinesApiRef, MachinesClient } from './api';
import { rootRouteRef, terminalRouteRef } from './routes';

export const machinesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: machinesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MachinesClient({ discoveryApi, fetchApi }),
    }),
});

/** The page's title and icon also make its entry in the sidebar. */
export const machinesPage = PageBlueprint.make({
  params: {
    path: '/machines',
    title: 'Machines',
    icon: <DnsIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/MachinesPage').then(m => <m.MachinesPage />),
  },
});

export function isMachineEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === MACHINE_ENTITY_TYPE
  );
}

export const machineEntityContent = EntityContentBlueprint.make({
  name: 'machine',
  params: {
    path: '/machine',
    title: 'Machine',
    filter: isMachineEntity,
    loader: () =>
      import('./components/EntityMachineContent').then(m => (
        <m.EntityMachineContent />
      )),
  },
});

export const machinesPlugin = createFrontendPlugin({
  pluginId: 'machines',
  title: 'Machines',
  icon: <DnsIcon fontSize="inherit" />,
  routes: {
    root: rootRouteRef,
  },
  externalRoutes: {
    terminal: terminalRouteRef,
  },
  extensions: [machinesApi, machinesPage, machineEntityContent],
});
