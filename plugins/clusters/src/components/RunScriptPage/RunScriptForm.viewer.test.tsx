import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fakePermissionApi } from '@opssight/plugin-api-react';
import { runCreatePermission } from '@opssight/plugin-clusters-common';
import { fakeVaultApi } from '@opssight/plugin-vault-react/testing';
import { clustersApiRef } from '../../api';
import { CLUSTER_ID, fakeClustersApi } from '../../testing/fakeClustersApi';
import { RunScriptForm } from './RunScriptForm';

jest.setTimeout(30_000);

describe('RunScriptForm for a viewer', () => {
  it('offers no Run, and says why', async () => {
    renderInTestApp(
      <RunScriptForm
        initialTargets={{ clusterId: CLUSTER_ID }}
        onStarted={jest.fn()}
      />,
      {
        apis: [
          [clustersApiRef, fakeClustersApi()],
          fakeVaultApi(),
          fakePermissionApi(name => name !== runCreatePermission.name),
        ],
      },
    );
    expect(
      await screen.findByText(/Your role can look at runs, not start them/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Run' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Save as snippet' }),
    ).not.toBeInTheDocument();
  });
});
