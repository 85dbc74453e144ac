import type { TestRole } from '@opssight/plugin-api-react/testing';
import {
  fakeVaultApi,
  makeCredential,
} from '@opssight/plugin-vault-react/testing';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeCluster,
} from '../testing/fakeClustersApi';
import { ClusterPage } from '../components/ClusterPage/ClusterPage';
import { renderClustersRoute } from './renderClustersRoute';

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
  return renderClustersRoute(<ClusterPage />, {
    api:
      options.api ??
      fakeClustersApi({ getCluster: jest.fn(async () => cluster) }),
    role: options.role,
    apis: [
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
    path: '/clusters/:id',
    at: `/clusters/${CLUSTER_ID}`,
  });
}
