import HubIcon from '@mui/icons-material/Hub';
import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { apiClientExtension } from '@opssight/plugin-api-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { CLUSTER_ENTITY_TYPE } from '@opssight/plugin-clusters-common';
import { clustersApiRef, ClustersClient } from './api';
import {
  clusterRouteRef,
  newRunRouteRef,
  reconfigureRouteRef,
  rootRouteRef,
  runRouteRef,
  templateRouteRef,
  terminalRouteRef,
} from './routes';

export const clustersApi = apiClientExtension(clustersApiRef, ClustersClient);

/** Every cluster; its title and icon make the "Clusters" entry in the sidebar. */
export const clustersPage = PageBlueprint.make({
  params: {
    path: '/clusters',
    title: 'Clusters',
    icon: <HubIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ClustersPage').then(m => <m.ClustersPage />),
  },
});

export const clusterPage = PageBlueprint.make({
  name: 'cluster',
  params: {
    path: '/clusters/:id',
    routeRef: clusterRouteRef,
    loader: () =>
      import('./components/ClusterPage').then(m => <m.ClusterPage />),
  },
});

export const reconfigurePage = PageBlueprint.make({
  name: 'reconfigure',
  params: {
    path: '/clusters/:id/edit',
    routeRef: reconfigureRouteRef,
    loader: () =>
      import('./components/ReconfigurePage').then(m => <m.ReconfigurePage />),
  },
});

export const newRunPage = PageBlueprint.make({
  name: 'new-run',
  params: {
    path: '/clusters/runs/new',
    routeRef: newRunRouteRef,
    loader: () =>
      import('./components/RunScriptPage').then(m => <m.RunScriptPage />),
  },
});

export const runPage = PageBlueprint.make({
  name: 'run',
  params: {
    path: '/clusters/runs/:id',
    routeRef: runRouteRef,
    loader: () => import('./components/RunPage').then(m => <m.RunPage />),
  },
});

/** `ui:field: ClusterNodeIps` for the scaffolder's template forms (the New cluster wizard). */
export const clusterNodeIpsField = FormFieldBlueprint.make({
  name: 'cluster-node-ips',
  params: {
    field: () =>
      import('./components/ClusterNodeIpsField').then(
        m => m.clusterNodeIpsFormField,
      ),
  },
});

/** `ui:field: ClusterName`: the wizard's first field, which also tells users who may not create clusters. */
export const clusterNameField = FormFieldBlueprint.make({
  name: 'cluster-name',
  params: {
    field: () =>
      import('./components/ClusterNameField').then(m => m.clusterNameFormField),
  },
});

export function isClusterEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === CLUSTER_ENTITY_TYPE
  );
}

export const clusterEntityContent = EntityContentBlueprint.make({
  name: 'cluster',
  params: {
    path: '/cluster',
    title: 'Cluster',
    filter: isClusterEntity,
    loader: () =>
      import('./components/EntityClusterContent').then(m => (
        <m.EntityClusterContent />
      )),
  },
});

export const clustersPlugin = createFrontendPlugin({
  pluginId: 'clusters',
  // No plugin icon: the sub-pages (a cluster, a run…) would each get a
  // sidebar entry of their own; the clusters page has its icon.
  title: 'Clusters',
  routes: {
    root: rootRouteRef,
    cluster: clusterRouteRef,
    reconfigure: reconfigureRouteRef,
    newRun: newRunRouteRef,
    run: runRouteRef,
  },
  externalRoutes: {
    terminal: terminalRouteRef,
    createCluster: templateRouteRef,
  },
  extensions: [
    clustersApi,
    clustersPage,
    clusterPage,
    reconfigurePage,
    newRunPage,
    runPage,
    clusterNameField,
    clusterNodeIpsField,
    clusterEntityContent,
  ],
});
