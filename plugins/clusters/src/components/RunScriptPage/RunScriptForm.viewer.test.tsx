import { screen } from '@testing-library/react';
import { fakeVaultApi } from '@opssight/plugin-vault-react/testing';
import { CLUSTER_ID } from '../../testing/fakeClustersApi';
import { renderClustersRoute } from '../../__testUtils__/renderClustersRoute';
import { RunScriptForm } from './RunScriptForm';
import { expectNoButtons } from '@opssight/plugin-api-react/testing';

jest.setTimeout(30_000);

describe('RunScriptForm for a viewer', () => {
  it('offers no Run, and says why', async () => {
    renderClustersRoute(
      <RunScriptForm
        initialTargets={{ clusterId: CLUSTER_ID }}
        onStarted={jest.fn()}
      />,
      { apis: [fakeVaultApi()], role: 'viewer' },
    );
    expect(
      await screen.findByText(/Your role can look at runs, not start them/),
    ).toBeInTheDocument();
    expectNoButtons(['Run', 'Save as snippet']);
  });
});
