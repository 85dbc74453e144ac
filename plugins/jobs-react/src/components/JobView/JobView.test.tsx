import { screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fetchApiRef } from '@backstage/frontend-plugin-api';
import type { JobTarget } from '@opssight/plugin-jobs-common';
import {
  FakeJobEventsResponse,
  fakeJobEventsServer,
} from '../../testing/fakeJobEventsServer';
import { giveElementsASize } from '../../testing/layout';
import {
  makeFailedJob,
  makeJob,
  makeJobLogChunk,
  makeJobTarget,
  makeRunningJob,
} from '../../testing/makeJob';
import { JobView, JobViewProps } from './JobView';

jest.setTimeout(20_000);
const userEvent = userEventLib.setup({ delay: null });
giveElementsASize();

const EVENTS_URL = 'http://localhost:7007/api/clusters/runs/job-1/events';

const up = (n: number): JobTarget =>
  makeJobTarget({
    key: `m${n}`,
    label: `node-${n}`,
    stdout: 'up 3 days\n',
  });
const finishedTargets: JobTarget[] = [
  up(1),
  up(2),
  makeJobTarget({
    key: 'm4',
    label: 'node-4',
    status: 'failed',
    exitCode: 1,
    stderr: 'df: disk full\n',
    stderrTruncated: true,
    errorKind: 'exec',
    errorMessage: 'the command exited with 1',
  }),
  up(3),
  makeJobTarget({
    key: 'm5',
    label: 'node-5',
    status: 'failed',
    exitCode: null,
    durationMs: 5000,
    errorKind: 'connect',
    errorMessage: '10.0.0.5:22 connection refused',
  }),
];
const running = makeRunningJob(5);
const failed = makeFailedJob(5, 2);

const finishedRun: FakeJobEventsResponse = {
  events: [
    { type: 'job', job: running },
    {
      type: 'targets',
      targets: finishedTargets.map(t => ({
        ...t,
        status: 'pending',
        exitCode: null,
      })),
    },
    {
      type: 'log',
      chunks: [
        makeJobLogChunk(1, 'up 3 days\n', { target: 'm1' }),
        makeJobLogChunk(2, '\x1b[31mdf: disk full\x1b[0m\n', {
          target: 'm4',
          stream: 'stderr',
        }),
      ],
    },
    { type: 'targets', targets: finishedTargets },
    { type: 'end', job: failed },
  ],
};

async function renderJobView(
  responses: FakeJobEventsResponse[],
  props: Partial<JobViewProps> = {},
) {
  const server = fakeJobEventsServer(responses);
  await renderInTestApp(
    <TestApiProvider apis={[[fetchApiRef, server.fetchApi]]}>
      <JobView eventsUrl={EVENTS_URL} {...props} />
    </TestApiProvider>,
  );
  return server;
}

describe('JobView', () => {
  it('shows a finished job: status, progress, a tile per host, and re-runs the failed ones', async () => {
    const onRerun = jest.fn(async () => {});
    const onCancel = jest.fn();
    const server = await renderJobView([finishedRun], {
      onRerun,
      onCancel,
      extraHeader: <div>Script: uptime</div>,
    });

    expect(
      await screen.findByText('5 / 5 done · 2 failed'),
    ).toBeInTheDocument();
    expect(server.requests[0].url).toBe(EVENTS_URL);
    expect(
      screen.getByRole('heading', { name: 'Run uptime on web' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('job-status')).toHaveTextContent('Failed');
    expect(screen.getByText(/^by alice · .* · took 12 s$/)).toBeInTheDocument();
    expect(screen.getByText('Script: uptime')).toBeInTheDocument();

    const tiles = screen.getAllByTestId('job-target-tile');
    expect(
      tiles.map(t => [t.getAttribute('aria-label'), t.dataset.status]),
    ).toEqual([
      ['node-1: succeeded, exit 0 · 1.2 s', 'succeeded'],
      ['node-2: succeeded, exit 0 · 1.2 s', 'succeeded'],
      ['node-4: failed, exit 1 · 1.2 s', 'failed'],
      ['node-3: succeeded, exit 0 · 1.2 s', 'succeeded'],
      ['node-5: failed, unreachable · 5.0 s', 'failed'],
    ]);

    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    const rerunFailed = screen.getByRole('button', {
      name: 'Rerun failed (2)',
    });
    expect(rerunFailed).toBeEnabled();
    await userEvent.click(rerunFailed);
    expect(onRerun).toHaveBeenCalledWith('failed');
    await userEvent.click(screen.getByRole('button', { name: 'Rerun all' }));
    expect(onRerun).toHaveBeenLastCalledWith('all');
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('opens a host’s output from its tile, with the truncation notice', async () => {
    await renderJobView([finishedRun]);
    await userEvent.click(
      await screen.findByRole('button', { name: /^node-4: failed/ }),
    );
    const dialog = await screen.findByRole('dialog', { name: /node-4/ });
    expect(within(dialog).getByTestId('target-status')).toHaveTextContent(
      'Failed',
    );
    expect(within(dialog).getByTestId('target-stderr')).toHaveTextContent(
      'df: disk full',
    );
    expect(
      within(dialog).getByTestId('target-stderr-truncated'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('the command exited with 1'),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByTestId('target-stdout'),
    ).not.toBeInTheDocument();
  });

  it('filters the tiles by status', async () => {
    await renderJobView([finishedRun]);
    await screen.findAllByTestId('job-target-tile');
    await userEvent.click(screen.getByRole('button', { name: 'Failed 2' }));
    expect(
      screen.getAllByTestId('job-target-tile').map(t => t.dataset.status),
    ).toEqual(['failed', 'failed']);
    await userEvent.click(screen.getByRole('button', { name: 'All 5' }));
    expect(screen.getAllByTestId('job-target-tile')).toHaveLength(5);
  });

  it('shows identical outputs once, biggest group first, failures marked', async () => {
    await renderJobView([finishedRun]);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Grouped output' }),
    );
    const groups = screen.getAllByTestId('job-output-group');
    expect(
      groups.map(g => [
        within(g).getByTestId('job-output-group-title').textContent,
        g.dataset.status,
      ]),
    ).toEqual([
      ['node-1, node-2, node-3 (3) · exit 0', 'succeeded'],
      ['node-4 (1) · exit 1', 'failed'],
      ['node-5 (1) · unreachable', 'failed'],
    ]);
    expect(within(groups[0]).getByTestId('target-stdout')).toHaveTextContent(
      'up 3 days',
    );
    expect(
      within(groups[2]).getByText('10.0.0.5:22 connection refused'),
    ).toBeInTheDocument();
  });

  it('shows the log, with each line’s host', async () => {
    await renderJobView([finishedRun]);
    await userEvent.click(await screen.findByRole('tab', { name: 'Log' }));
    expect(await screen.findByText('df: disk full')).toBeInTheDocument();
    expect(screen.getByText('df: disk full').className).toMatch(
      /modifierForegroundRed/,
    );
    expect(screen.getByText('[node-4]')).toBeInTheDocument();
  });

  it('follows a live job: cancel while it runs, no re-run yet', async () => {
    const onCancel = jest.fn(async () => {});
    const server = await renderJobView(
      [
        {
          events: [
            {
              type: 'job',
              job: makeJob({ ...running, status: 'queued', startedAt: null }),
            },
            { type: 'targets', targets: [] },
          ],
          keepOpen: true,
        },
      ],
      { onCancel, onRerun: jest.fn() },
    );
    expect(
      await screen.findByText('Queued', { selector: 'p' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Queued' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Rerun failed (0)' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Rerun all' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();

    server.send({
      type: 'job',
      job: {
        ...running,
        cancelRequested: true,
        progress: { total: 5, done: 1, failed: 0 },
      },
    });
    expect(await screen.findByText('1 / 5 done')).toBeInTheDocument();
    expect(screen.getByTestId('job-status')).toHaveTextContent('Cancelling…');
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
  });

  it('shows why a re-run failed', async () => {
    await renderJobView([finishedRun], {
      onRerun: async () => {
        throw new Error('not allowed to run scripts');
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rerun failed (2)' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'not allowed to run scripts',
    );
  });

  it('explains a stream that cannot be followed, and retries', async () => {
    const server = await renderJobView([
      { status: 404, message: "job 'job-1' not found" },
      finishedRun,
    ]);
    expect(
      await screen.findByText(
        /Could not follow this job: job 'job-1' not found/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText('5 / 5 done · 2 failed'),
    ).toBeInTheDocument();
    await waitFor(() => expect(server.requests).toHaveLength(2));
  });
});
