import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderAsRole } from '@opssight/plugin-api-react/testing';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import { clustersApiRef } from '../../api';
import { newRunRouteRef, runRouteRef } from '../../routes';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeJob,
} from '../../testing/fakeClustersApi';
import { Landing } from '../../testing/Landing';
import { RunScriptPage } from './RunScriptPage';

jest.setTimeout(60_000);
const userEvent = userEventLib.setup({ delay: null });

describe('RunScriptPage', () => {
  it('runs on the targets its link asks for, then follows the run', async () => {
    const api = fakeClustersApi({
      startRun: jest.fn(async () => makeJob({ id: 'run-7', status: 'queued' })),
    });
    renderAsRole(
      <Routes>
        <Route path="/clusters/runs/new" element={<RunScriptPage />} />
        {/* The run's own page, where a started run is followed. */}
        <Route path="/clusters/runs/:id" element={<Landing />} />
      </Routes>,
      {
        apis: [[clustersApiRef, api], fakeVaultApi()],
        initialRouteEntries: [
          `/clusters/runs/new?clusterId=${CLUSTER_ID}&role=worker`,
        ],
        mountedRoutes: {
          '/clusters/runs/new': newRunRouteRef,
          '/clusters/runs/:id': runRouteRef,
        },
      },
    );

    expect(
      await screen.findByRole('combobox', { name: 'Cluster' }),
    ).toHaveTextContent('prod-eu (production)');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Script' }),
      'uptime',
    );
    await userEvent.click(
      screen.getByRole('combobox', { name: 'Log in with' }),
    );
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'deploy key · SSH key · deploy',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

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
