import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  renderAsRole,
  type TestRole,
} from '@opssight/plugin-api-react/testing';
import {
  fakeVaultApi,
  makeCredential,
} from '@opssight/plugin-vault-react/testing';
import { clustersApiRef } from '../api';
import {
  clusterRouteRef,
  newRunRouteRef,
  reconfigureRouteRef,
  rootRouteRef,
  runRouteRef,
  terminalRouteRef,
} from '../routes';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeCluster,
} from '../testing/fakeClustersApi';
import { ClusterPage } from '../components/ClusterPage/ClusterPage';

/** The cluster page of a test, its clusters API and its permission answers. */
export const TOKEN_ID = '00000000-0000-4000-8000-0000000000a1';
export const cluster = makeCluster({
  apiUrl: 'https://10.0.0.10:6443',
  apiTokenCredentialId: null,
});

export function renderClusterPage(
  options: {
    api?: ReturnType<typeof fakeClustersApi>;
    role?: TestRole;
  } = {},
) {
  const api =
    options.api ??
    fakeClustersApi({ getCluster: jest.fn(async () => cluster) });
  renderAsRole(<ClusterPage />, {
    role: options.role,
    apis: [
      [clustersApiRef, api],
      fakeVaultApi([
        makeCredential({
          id: TOKEN_ID,
          name: 'prod reader token',
          kind: 'api-token',
          scope: 'shared',
          username: '',
        }),
      ]),
    ],
    mountPath: '/clusters/:id',
    initialRouteEntries: [`/clusters/${CLUSTER_ID}`],
    mountedRoutes: {
      '/clusters': rootRouteRef,
      '/clusters/:id': clusterRouteRef,
      '/clusters/:id/edit': reconfigureRouteRef,
      '/clusters/runs/new': newRunRouteRef,
      '/clusters/runs/:id': runRouteRef,
      '/terminal': terminalRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
  return api;
}
