import { screen, within } from '@testing-library/react';
import {
  retype,
  userEvent,
  failingWith,
} from '@opssight/plugin-api-react/testing';
import { machinesApiRef } from '@opssight/plugin-machines-react';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeCluster,
} from '../../testing/fakeClustersApi';
import { renderClustersRoute } from '../../__testUtils__/renderClustersRoute';
import { ReconfigurePage } from './ReconfigurePage';

jest.setTimeout(60_000);

const cluster = makeCluster({
  loadBalancerIp: '10.0.0.5',
  updatedAt: '2026-02-02T12:00:00.000Z',
});

function renderPage(
  api = fakeClustersApi({ getCluster: jest.fn(async () => cluster) }),
) {
  const machinesApi = {
    createMachine: jest.fn(async (input: { ip: string; hostname: string }) => ({
      id: 'new',
      ...input,
    })),
  };
  renderClustersRoute(<ReconfigurePage />, {
    api,
    apis: [[machinesApiRef, machinesApi as any]],
    path: '/clusters/:id/edit',
    at: `/clusters/${CLUSTER_ID}/edit`,
    // The cluster's page, where an applied change is seen.
    landing: '/clusters/:id',
  });
  return { api, machinesApi };
}

const workers = () => within(screen.getByRole('group', { name: 'Workers' }));

describe('ReconfigurePage', () => {
  it('reviews the diff, registers new machines, and applies with the version it was edited from', async () => {
    const { api, machinesApi } = renderPage();
    const masters = within(
      await screen.findByRole('group', { name: 'Masters' }),
    );
    expect(masters.getByRole('textbox', { name: 'Master 1 IP' })).toHaveValue(
      '10.0.0.11',
    );
    expect(workers().getByRole('textbox', { name: 'Worker 1 IP' })).toHaveValue(
      '10.0.0.21',
    );
    expect(
      screen.getByRole('textbox', { name: 'Load balancer IP' }),
    ).toHaveValue('10.0.0.5');

    // Current nodes are registered; being in this very cluster is no news.
    expect(await masters.findByText('registered: node-11')).toBeInTheDocument();
    expect(screen.queryByText(/also in cluster/)).not.toBeInTheDocument();

    await userEvent.type(
      workers().getByRole('textbox', { name: 'Add workers' }),
      '10.0.0.22{Enter}',
    );
    await userEvent.type(
      await workers().findByRole('textbox', {
        name: 'Host name for 10.0.0.22',
      }),
      'node-22',
    );
    await retype(
      screen.getByRole('textbox', { name: 'Load balancer IP' }),
      '10.0.0.6',
    );

    api.previewTopology.mockResolvedValueOnce({
      diff: {
        masters: { added: [], removed: [] },
        workers: { added: ['10.0.0.22'], removed: [] },
        loadBalancer: { from: '10.0.0.5', to: '10.0.0.6' },
        empty: false,
      },
      warnings: ['something to consider'],
    });
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Register 1 machine and review',
      }),
    );

    const diff = await screen.findByTestId('topology-diff');
    expect(api.previewTopology).toHaveBeenCalledWith(CLUSTER_ID, {
      masters: ['10.0.0.11'],
      workers: ['10.0.0.21', '10.0.0.22'],
      loadBalancerIp: '10.0.0.6',
    });
    expect(
      within(diff).getByLabelText('added worker 10.0.0.22'),
    ).toHaveTextContent('+10.0.0.22');
    expect(
      within(diff).getByLabelText('load balancer change'),
    ).toHaveTextContent('10.0.0.5 → 10.0.0.6');
    expect(screen.getByText('something to consider')).toBeInTheDocument();
    // Only registered machines can be nodes, the preview's check included.
    expect(machinesApi.createMachine).toHaveBeenCalledWith({
      ip: '10.0.0.22',
      hostname: 'node-22',
    });
    expect(machinesApi.createMachine.mock.invocationCallOrder[0]).toBeLessThan(
      api.previewTopology.mock.invocationCallOrder[0],
    );
    expect(screen.getByText('10.0.0.22 as node-22')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText(`Landed on /clusters/${CLUSTER_ID}?tab=history`),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('topology-diff')).not.toBeInTheDocument();
    expect(api.reconfigure).toHaveBeenCalledWith(CLUSTER_ID, {
      masters: ['10.0.0.11'],
      workers: ['10.0.0.21', '10.0.0.22'],
      loadBalancerIp: '10.0.0.6',
      expectedUpdatedAt: '2026-02-02T12:00:00.000Z',
    });
  });

  it('does not review lists with problems', async () => {
    const { api } = renderPage();
    await screen.findByRole('group', { name: 'Masters' });
    await userEvent.type(
      workers().getByRole('textbox', { name: 'Add workers' }),
      '10.0.0.11{Enter}',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );
    expect(await screen.findByText('Fix these first')).toBeInTheDocument();
    expect(
      screen.getByText('worker 2: 10.0.0.11 is already listed as master 1'),
    ).toBeInTheDocument();
    expect(api.previewTopology).not.toHaveBeenCalled();
  });

  it('says when someone else changed the cluster meanwhile', async () => {
    const api = fakeClustersApi({
      getCluster: jest.fn(async () => cluster),
      reconfigure: failingWith(
        409,
        'ConflictError',
        'expectedUpdatedAt: the cluster changed',
      ),
    });
    renderPage(api);
    await screen.findByRole('group', { name: 'Masters' });
    await userEvent.click(
      within(workers().getByTestId('row-workers.0')).getByRole('button', {
        name: /Remove worker 1/,
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText('Not applied: the cluster changed meanwhile'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Reload to see the cluster as it is now/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Landed on/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(
      await screen.findByRole('textbox', { name: 'Worker 1 IP' }),
    ).toHaveValue('10.0.0.21');
  });
});
