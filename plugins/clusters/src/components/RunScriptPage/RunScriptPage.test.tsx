import { screen } from '@testing-library/react';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeJob,
} from '../../testing/fakeClustersApi';
import { renderClustersRoute } from '../../__testUtils__/renderClustersRoute';
import { runScript } from '../../__testUtils__/user';
import { RunScriptPage } from './RunScriptPage';

jest.setTimeout(60_000);

describe('RunScriptPage', () => {
  it('runs on the targets its link asks for, then follows the run', async () => {
    const api = fakeClustersApi({
      startRun: jest.fn(async () => makeJob({ id: 'run-7', status: 'queued' })),
    });
    renderClustersRoute(<RunScriptPage />, {
      api,
      apis: [fakeVaultApi()],
      path: '/clusters/runs/new',
      at: `/clusters/runs/new?clusterId=${CLUSTER_ID}&role=worker`,
      // The run's own page, where a started run is followed.
      landing: '/clusters/runs/:id',
    });

    expect(
      await screen.findByRole('combobox', { name: 'Cluster' }),
    ).toHaveTextContent('prod-eu (production)');
    await runScript('uptime');

    expect(
      await screen.findByText('Landed on /clusters/runs/run-7'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Run' }),
    ).not.toBeInTheDocument();
    expect(api.startRun).toHaveBeenCalledWith(
      expect.objectContaining({
        targets: { clusterId: CLUSTER_ID, role: 'worker' },
        script: 'uptime',
        credentialId: makeSshKey().id,
      }),
    );
  });
});
