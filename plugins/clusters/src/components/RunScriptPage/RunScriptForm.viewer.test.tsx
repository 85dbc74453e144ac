import { screen } from '@testing-library/react';
import { renderAsRole } from '@opssight/plugin-api-react/testing';
import { fakeVaultApi } from '@opssight/plugin-vault-react/testing';
import { clustersApiRef } from '../../api';
import { CLUSTER_ID, fakeClustersApi } from '../../testing/fakeClustersApi';
import { RunScriptForm } from './RunScriptForm';

jest.setTimeout(30_000);

describe('RunScriptForm for a viewer', () => {
  it('offers no Run, and says why', async () => {
    renderAsRole(
      <RunScriptForm
        initialTargets={{ clusterId: CLUSTER_ID }}
        onStarted={jest.fn()}
      />,
      {
        apis: [[clustersApiRef, fakeClustersApi()], fakeVaultApi()],
        role: 'viewer',
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
