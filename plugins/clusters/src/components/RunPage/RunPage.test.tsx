import { screen } from '@testing-library/react';
import { fetchApiRef } from '@backstage/frontend-plugin-api';
import {
  fakeJobEventsServer,
  makeJobTarget,
} from '@opssight/plugin-jobs-react';
import { fakeVaultApi, makeSshKey } from '@opssight/plugin-vault-react/testing';
import {
  CLUSTER_ID,
  fakeClustersApi,
  makeJob,
} from '../../testing/fakeClustersApi';
import { renderClustersRoute } from '../../__testUtils__/renderClustersRoute';
import { userEvent } from '@opssight/plugin-api-react/testing';
import { RunPage } from './RunPage';

jest.setTimeout(60_000);

const deployKey = makeSshKey();

const job = makeJob({
  id: 'r1',
  status: 'failed',
  progress: { total: 2, done: 2, failed: 1 },
  params: {
    script: 'systemctl restart kubelet',
    snippetName: 'restart kubelet',
    credentialId: deployKey.id,
    sudo: true,
    concurrency: 10,
    timeoutSeconds: 30,
    targets: { clusterId: CLUSTER_ID, role: 'worker' },
    clusterId: CLUSTER_ID,
  },
});
const targets = [
  makeJobTarget({ key: 'm1', label: 'node-21 (10.0.0.21)' }),
  makeJobTarget({
    key: 'm2',
    label: 'node-22 (10.0.0.22)',
    status: 'failed',
    exitCode: 1,
  }),
];

/** The run r1 of `runTargets` on its page, followed to the end; a re-run lands on r2. */
function renderRun(runTargets: typeof targets) {
  const api = fakeClustersApi({
    getRun: jest.fn(async () => ({ job, targets: runTargets })),
    rerun: jest.fn(async () => makeJob({ id: 'r2', status: 'queued' })),
  });
  const server = fakeJobEventsServer([
    {
      events: [
        { type: 'job', job },
        { type: 'targets', targets: runTargets },
        { type: 'end', job },
      ],
    },
  ]);
  renderClustersRoute(<RunPage />, {
    api,
    apis: [[fetchApiRef, server.fetchApi], fakeVaultApi([deployKey])],
    path: '/clusters/runs/:id',
    at: '/clusters/runs/r1',
    // Where the re-run is followed.
    landing: '/clusters/runs/r2',
  });
  return { api, server };
}

describe('RunPage', () => {
  it('tells a host without a pinned key from one whose key changed', async () => {
    renderRun([
      makeJobTarget({
        key: 'm1',
        label: 'node-21 (10.0.0.21)',
        status: 'failed',
        exitCode: null,
        errorKind: 'hostkey-unpinned',
        errorMessage:
          'host key not pinned — run a connection test first (10.0.0.21:22)',
      }),
      makeJobTarget({
        key: 'm2',
        label: 'node-22 (10.0.0.22)',
        status: 'failed',
        exitCode: null,
        errorKind: 'hostkey-changed',
        errorMessage:
          'host key CHANGED — possible interception: expected SHA256:a, server presented SHA256:b',
      }),
    ]);
    const unpinned = await screen.findByRole('button', {
      name: /^node-21 \(10\.0\.0\.21\): failed, host key not pinned — run a connection test first/,
    });
    expect(unpinned.getAttribute('aria-label')).not.toMatch(
      /mismatch|changed|interception/i,
    );
    expect(
      screen.getByRole('button', {
        name: /^node-22 \(10\.0\.0\.22\): failed, host key CHANGED — possible interception/,
      }),
    ).toBeInTheDocument();
  });

  it('follows the run, shows what ran, and re-runs the failed hosts', async () => {
    const { api, server } = renderRun(targets);

    expect(await screen.findByLabelText('Script')).toHaveTextContent(
      'systemctl restart kubelet',
    );
    expect(server.requests[0].url).toBe(
      'http://localhost:7007/api/clusters/runs/r1/events',
    );
    expect(
      await screen.findByRole('link', { name: 'prod-eu' }),
    ).toHaveAttribute('href', `/clusters/${CLUSTER_ID}`);
    expect(screen.getByText('workers of prod-eu')).toBeInTheDocument();
    expect(screen.getByText('yes')).toBeInTheDocument();
    expect(screen.getByText('30 s')).toBeInTheDocument();
    expect(screen.getByText('restart kubelet')).toBeInTheDocument();
    expect(
      await screen.findByText('deploy key · SSH key · deploy'),
    ).toBeInTheDocument();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Rerun failed (1)' }),
    );
    expect(
      await screen.findByText('Landed on /clusters/runs/r2'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Script')).not.toBeInTheDocument();
    expect(api.rerun).toHaveBeenCalledWith('r1', { targets: 'failed' });
  });
});
