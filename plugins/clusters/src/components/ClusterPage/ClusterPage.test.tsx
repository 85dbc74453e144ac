import { screen, waitFor, within } from '@testing-library/react';
import {
  expectLinks,
  expectTexts,
  failingWith,
  userEvent,
} from '@opssight/plugin-api-react/testing';
import { renderClusterPage } from '../../__testUtils__/renderClusterPage';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeChange,
  makeCluster,
  makeJob,
  makeNode,
} from '../../testing/fakeClustersApi';

jest.setTimeout(60_000);

const cluster = makeCluster({
  nodes: [
    makeNode({
      ip: '10.0.0.12',
      hostname: 'node-12',
      machineId: 'm12',
      kube: {
        name: 'node-12',
        internalIp: '10.0.0.12',
        ready: false,
        pressure: ['DiskPressure'],
      },
    }),
    makeNode({
      ip: '10.0.0.21',
      role: 'worker',
      hostname: 'node-21',
      machineId: 'm21',
      hostKeyPinned: false,
      lastSshCheck: {
        checkedAt: '2026-01-01T10:00:00.000Z',
        reachable: false,
        sshOk: false,
        latencyMs: null,
        errorKind: 'timeout',
        message: 'no answer within 5 s',
      },
    }),
  ],
  health: {
    state: 'degraded',
    summary: '1/2 nodes reachable',
    checkedAt: '2026-01-01T10:00:00.000Z',
    ssh: { total: 2, reachable: 1 },
    api: null,
  },
});

const renderPage = (
  api = fakeClustersApi({ getCluster: jest.fn(async () => cluster) }),
) => renderClusterPage({ api });

describe('ClusterPage', () => {
  it('shows the cluster, its nodes and what may be done with it', async () => {
    renderPage();
    expect(
      await screen.findByRole('heading', { name: 'prod-eu' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('health-chip')).toHaveAttribute(
      'data-state',
      'degraded',
    );
    expect(screen.getByText('1/2 nodes reachable')).toBeInTheDocument();
    expectLinks({
      'Run script': `/clusters/runs/new?clusterId=${CLUSTER_ID}`,
      Reconfigure: `/clusters/${CLUSTER_ID}/edit`,
      'View in catalog': '/catalog/default/resource/prod-eu',
    });

    const master = within(screen.getByTestId('node-row-10.0.0.12'));
    expectTexts(
      ['master', 'SSH ok · 4 ms', 'NotReady', 'DiskPressure'],
      master,
    );
    expectLinks(
      { 'Open terminal on node-12': '/terminal?machine=m12' },
      master,
    );

    const worker = within(screen.getByTestId('node-row-10.0.0.21'));
    expect(worker.getByText('unreachable: timeout')).toBeInTheDocument();
    expect(worker.getByLabelText('no pinned host key')).toBeInTheDocument();
    expect(
      worker.getByRole('button', { name: 'No terminal on node-21' }),
    ).toBeDisabled();
  });

  it('checks the health now', async () => {
    const api = renderPage();
    await screen.findByRole('heading', { name: 'prod-eu' });
    api.checkHealth.mockResolvedValueOnce({
      ...cluster,
      health: {
        ...cluster.health,
        state: 'healthy',
        summary: '2/2 nodes reachable',
      },
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Check health now' }),
    );
    expect(
      await screen.findByText('Checked: 2/2 nodes reachable'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('health-chip')).toHaveAttribute(
      'data-state',
      'healthy',
    );
    expect(api.checkHealth).toHaveBeenCalledWith(CLUSTER_ID);
  });

  it('lists recent runs and the history of changes', async () => {
    const api = fakeClustersApi({
      getCluster: jest.fn(async () => cluster),
      listRuns: jest.fn(async () => ({
        items: [
          makeJob({
            id: 'r1',
            status: 'failed',
            progress: { total: 2, done: 2, failed: 1 },
          }),
        ],
        totalCount: 1,
      })),
      getHistory: jest.fn(async () => [makeChange()]),
    });
    renderPage(api);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Recent runs' }),
    );
    const run = within(await screen.findByTestId('run-row-r1'));
    expect(run.getByTestId('job-status')).toHaveAttribute(
      'data-status',
      'failed',
    );
    expect(run.getByText('Script on prod-eu')).toBeInTheDocument();
    expect(run.getByRole('link', { name: /ago$/ })).toHaveAttribute(
      'href',
      '/clusters/runs/r1',
    );
    expect(api.listRuns).toHaveBeenCalledWith({
      clusterId: CLUSTER_ID,
      limit: 20,
    });

    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    const change = within(await screen.findByTestId('change-ch1'));
    expect(change.getByText('Nodes changed')).toBeInTheDocument();
    expect(change.getByLabelText('added worker 10.0.0.21')).toBeInTheDocument();
  });

  it('says when there is no such cluster', async () => {
    const api = fakeClustersApi({
      getCluster: failingWith(404, 'NotFoundError', 'no cluster'),
    });
    renderPage(api);
    expect(await screen.findByText('No such cluster')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('link', { name: 'All clusters' }),
      ).toHaveAttribute('href', '/clusters'),
    );
  });
});
