import { render, screen, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import type { JobTarget, TargetStatus } from '@opssight/plugin-jobs-common';
import { makeJobTarget } from '../../testing/makeJob';
import { describeTargetResult, JobTargetGrid } from './JobTargetGrid';

const userEvent = userEventLib.setup({ delay: null });

describe('JobTargetGrid', () => {
  it('stays one compact tile per target with 250 targets', () => {
    const statuses: TargetStatus[] = [
      'succeeded',
      'failed',
      'running',
      'pending',
    ];
    const targets: JobTarget[] = Array.from({ length: 250 }, (_, i) =>
      makeJobTarget({
        key: `m${i}`,
        label: `node-${i}`,
        status: statuses[i % 4],
        exitCode: [0, 1, null, null][i % 4],
      }),
    );
    const started = performance.now();
    render(<JobTargetGrid targets={targets} />);
    // Generous: jsdom on a busy CI machine; a browser is much faster.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(screen.getAllByTestId('job-target-tile')).toHaveLength(250);
    const filters = screen.getByRole('group', { name: 'Filter by status' });
    expect(
      within(filters)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual([
      'All 250',
      'Failed 63',
      'Running 62',
      'Pending 62',
      'Succeeded 63',
    ]);
  });

  it('shows the error message in a tooltip', async () => {
    render(
      <JobTargetGrid
        targets={[
          makeJobTarget({
            key: 'm1',
            label: 'node-1',
            status: 'failed',
            exitCode: null,
            errorKind: 'hostkey-changed',
            errorMessage: 'the host key of node-1 changed',
          }),
        ]}
      />,
    );
    const tile = screen.getByRole('button', {
      name: 'node-1: failed, host key CHANGED — possible interception · 1.2 s',
    });
    await userEvent.hover(tile);
    expect(
      await screen.findByText('the host key of node-1 changed'),
    ).toBeInTheDocument();
  });
});

describe('describeTargetResult', () => {
  it('never words a host without a pinned key as a changed key', () => {
    const unpinned = describeTargetResult(
      makeJobTarget({
        status: 'failed',
        exitCode: null,
        errorKind: 'hostkey-unpinned',
      }),
    );
    expect(unpinned).toBe(
      'host key not pinned — run a connection test first · 1.2 s',
    );
    expect(unpinned).not.toMatch(/mismatch|changed|interception/i);
    expect(
      describeTargetResult(
        makeJobTarget({
          status: 'failed',
          exitCode: null,
          errorKind: 'hostkey-changed',
        }),
      ),
    ).toBe('host key CHANGED — possible interception · 1.2 s');
  });

  it('puts the error kind before the exit code, and the duration last', () => {
    expect(describeTargetResult(makeJobTarget({ exitCode: 0 }))).toBe(
      'exit 0 · 1.2 s',
    );
    expect(
      describeTargetResult(
        makeJobTarget({
          status: 'failed',
          exitCode: null,
          errorKind: 'timeout',
          durationMs: 30_000,
        }),
      ),
    ).toBe('timed out · 30 s');
    expect(
      describeTargetResult(
        makeJobTarget({
          status: 'failed',
          exitCode: 137,
          errorKind: 'exec',
          durationMs: null,
        }),
      ),
    ).toBe('exit 137');
    expect(
      describeTargetResult(
        makeJobTarget({ status: 'running', exitCode: null, durationMs: null }),
      ),
    ).toBe('running');
  });
});
