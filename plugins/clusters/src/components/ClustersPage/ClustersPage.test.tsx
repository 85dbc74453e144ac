import { screen, within } from '@testing-library/react';
import { fakeClustersApi, makeCluster } from '../../testing/fakeClustersApi';
import { renderClustersRoute } from '../../__testUtils__/renderClustersRoute';
import { userEvent, choose } from '@opssight/plugin-api-react/testing';
import { ClustersPage } from './ClustersPage';

jest.setTimeout(30_000);

const health = (
  state: any,
  summary: string,
  checkedAt: string | null = new Date().toISOString(),
) => ({
  state,
  summary,
  checkedAt,
  ssh: { total: 3, reachable: 3 },
  api: null,
});

const clusters = [
  makeCluster({
    id: 'c1',
    name: 'prod-eu',
    environment: 'production',
    health: health('healthy', '3/3 nodes reachable · API ready · 3/3 Ready'),
  }),
  makeCluster({
    id: 'c2',
    name: 'prod-us',
    environment: 'production',
    health: health('degraded', '2/3 nodes reachable'),
  }),
  makeCluster({
    id: 'c3',
    name: 'stage',
    environment: 'staging',
    health: health('unhealthy', 'no master reachable'),
  }),
  makeCluster({
    id: 'c4',
    name: 'lab',
    environment: 'test',
    nodes: [],
    health: health('unknown', 'not checked yet', null),
  }),
];

function renderPage(
  api = fakeClustersApi({
    listClusters: jest.fn(async () => ({ items: clusters, totalCount: 4 })),
  }),
) {
  return renderClustersRoute(<ClustersPage />, { api });
}

describe('ClustersPage', () => {
  it('shows each cluster with its health, environment and nodes, and counts per health state', async () => {
    renderPage();
    const table = within(
      await screen.findByRole('table', { name: 'Clusters' }),
    );
    const row = within(screen.getByTestId('cluster-row-prod-eu'));
    expect(row.getByRole('link', { name: 'prod-eu' })).toHaveAttribute(
      'href',
      '/clusters/c1',
    );
    expect(row.getByText('production')).toBeInTheDocument();
    expect(row.getByText('1 master · 1 worker')).toBeInTheDocument();
    expect(row.getByTestId('health-chip')).toHaveAttribute(
      'data-state',
      'healthy',
    );
    expect(row.getByText('Healthy')).toBeInTheDocument();
    expect(
      row.getByText('3/3 nodes reachable · API ready · 3/3 Ready'),
    ).toBeInTheDocument();
    expect(row.getByText('just now')).toBeInTheDocument();

    expect(
      within(screen.getByTestId('cluster-row-prod-us')).getByText('Degraded'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('cluster-row-stage')).getByText('Unhealthy'),
    ).toBeInTheDocument();
    const lab = within(screen.getByTestId('cluster-row-lab'));
    expect(lab.getByText('Unknown')).toBeInTheDocument();
    expect(lab.getByText('never')).toBeInTheDocument();
    expect(table.getAllByRole('row')).toHaveLength(5);

    expect(screen.getByTestId('clusters-total')).toHaveTextContent('4');
    for (const state of ['healthy', 'degraded', 'unhealthy', 'unknown']) {
      expect(screen.getByTestId(`health-count-${state}`)).toHaveTextContent(
        /^1/,
      );
    }
    expect(screen.getByRole('link', { name: 'New cluster' })).toHaveAttribute(
      'href',
      '/create/templates/default/kubernetes-cluster',
    );
    expect(screen.getByRole('link', { name: 'Run script' })).toHaveAttribute(
      'href',
      '/clusters/runs/new',
    );
  });

  it('filters by environment and by health state', async () => {
    renderPage();
    await screen.findByRole('table', { name: 'Clusters' });
    await choose('Environment', 'production (2)');
    expect(screen.getByTestId('cluster-row-prod-us')).toBeInTheDocument();
    expect(screen.queryByTestId('cluster-row-stage')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('health-count-degraded'));
    expect(screen.queryByTestId('cluster-row-prod-eu')).not.toBeInTheDocument();
    expect(screen.getByTestId('cluster-row-prod-us')).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('health-count-unhealthy'));
    expect(
      screen.getByText('No clusters match these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(screen.getByTestId('cluster-row-stage')).toBeInTheDocument();
  });

  it('explains how to create the first cluster', async () => {
    renderPage(
      fakeClustersApi({
        listClusters: jest.fn(async () => ({ items: [], totalCount: 0 })),
      }),
    );
    expect(await screen.findByText('No clusters yet')).toBeInTheDocument();
    expect(screen.getByText(/New cluster wizard/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'New cluster' }),
    ).toBeInTheDocument();
  });

  it('shows why the clusters did not load, and retries', async () => {
    const api = fakeClustersApi({
      listClusters: jest
        .fn()
        .mockRejectedValueOnce(new Error('clusters backend unavailable'))
        .mockResolvedValue({ items: clusters, totalCount: 4 }),
    });
    renderPage(api);
    expect(
      await screen.findByText('clusters backend unavailable'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'Clusters' }),
    ).toBeInTheDocument();
  });
});
