import { screen, within } from '@testing-library/react';
import { fetchApiRef } from '@backstage/frontend-plugin-api';
import {
  fakeJobEventsServer,
  makeJobTarget,
} from '@opssight/plugin-jobs-react';
import {
  expectNoButtons,
  userEvent,
  type TestRole,
} from '@opssight/plugin-api-react/testing';
import { renderAutomationRoute } from '../../__testUtils__/renderAutomationRoute';
import {
  fakeAutomationApi,
  makeJob,
  makeRun,
  RUN_ID,
} from '../../testing/fakeAutomationApi';
import { RunPage } from './RunPage';

const job = makeJob({
  status: 'failed',
  progress: { total: 2, done: 2, failed: 1 },
});
const targets = [
  makeJobTarget({ key: 'web-1', label: 'web-1' }),
  makeJobTarget({
    key: 'web-2',
    label: 'web-2',
    status: 'failed',
    errorKind: 'connect',
  }),
];

function renderRun(role: TestRole) {
  const run = makeRun({
    status: 'failed',
    source: {
      kind: 'git',
      url: 'https://git/x',
      ref: 'main',
      commit: '0123456789abcdef',
    },
  });
  const api = fakeAutomationApi({
    getRun: async () => ({ job, targets, run }),
  });
  const server = fakeJobEventsServer([
    {
      events: [
        { type: 'job', job },
        { type: 'targets', targets },
        { type: 'end', job },
      ],
    },
  ]);
  renderAutomationRoute(<RunPage />, {
    api,
    role,
    path: '/automation/runs/:id',
    at: `/automation/runs/${RUN_ID}`,
    apis: [[fetchApiRef, server.fetchApi]],
    landing: '/automation/runs/r2',
  });
  return { api, server };
}

describe('RunPage', () => {
  it('shows a viewer what ran, the grid and the recap, and nothing to cancel or rerun', async () => {
    const { server } = renderRun('viewer');
    expect(await screen.findByText(/main @ 0123456789ab/)).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Hosts and tasks' }),
    ).toBeInTheDocument();
    expect(await screen.findAllByTestId('recap-row')).toHaveLength(2);
    expect(server.requests[0].url).toBe(
      `http://localhost:7007/api/automation/runs/${RUN_ID}/events`,
    );
    expectNoButtons([/^Rerun failed/, 'Cancel']);
  });

  it('reruns the failed hosts and follows the new run', async () => {
    const { api } = renderRun('operator');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rerun failed (1)' }),
    );
    expect(
      await screen.findByText('Landed on /automation/runs/r2'),
    ).toBeInTheDocument();
    expect(api.rerun).toHaveBeenCalledWith(RUN_ID, 'failed');
  });

  it('shows the inventory snapshot the run used', async () => {
    const { api } = renderRun('viewer');
    api.getRunInventory.mockResolvedValue({
      hosts: [
        {
          name: 'web-1',
          address: '10.0.0.11',
          port: 22,
          user: 'deploy',
          machineId: 'm1',
        },
      ],
      groups: { web: { hosts: ['web-1'] } },
    });
    expect(await screen.findByText('Inventory snapshot')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    const hosts = await screen.findByRole('table', { name: 'Hosts' });
    expect(within(hosts).getByText('10.0.0.11')).toBeInTheDocument();
    expect(api.getRunInventory).toHaveBeenCalledWith(RUN_ID);
  });
});
