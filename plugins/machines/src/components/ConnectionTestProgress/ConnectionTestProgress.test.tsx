import { screen, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { ConnectionTestRun } from '@opssight/plugin-machines-common';
import type { ConnectionTestState } from '../../hooks/useConnectionTest';
import { makeResult } from '@opssight/plugin-machines-react/testing';
import {
  ConnectionTestProgress,
  failureBreakdown,
} from './ConnectionTestProgress';

const userEvent = userEventLib.setup({ delay: null });

const failed = (machineId: string, errorKind: 'refused' | 'timeout' | 'auth') =>
  makeResult({ machineId, sshOk: false, reachable: false, errorKind });

const run: ConnectionTestRun = {
  id: 'run-1',
  status: 'completed',
  total: 5,
  done: 5,
  failed: 4,
  startedAt: '2026-12-07T00:00:00.000Z',
  finishedAt: '2026-12-07T00:00:01.000Z',
  results: [
    makeResult({ machineId: 'ok-1', sshOk: true }),
    failed('a', 'refused'),
    failed('b', 'refused'),
    failed('c', 'timeout'),
    failed('d', 'auth'),
  ],
};

function state(
  overrides: Partial<ConnectionTestState> = {},
): ConnectionTestState {
  return {
    run,
    request: { all: true },
    running: false,
    credentialId: undefined,
    pickCredential: jest.fn(),
    start: jest.fn(),
    clear: jest.fn(),
    ...overrides,
  };
}

describe('ConnectionTestProgress', () => {
  it('counts failures by kind, most frequent first', () => {
    expect(failureBreakdown(run)).toEqual([
      { kind: 'refused', label: 'refused', count: 2 },
      { kind: 'auth', label: 'auth failed', count: 1 },
      { kind: 'timeout', label: 'timeout', count: 1 },
    ]);
    expect(failureBreakdown(undefined)).toEqual([]);
  });

  it('shows the breakdown in colour and retests the failed machines', async () => {
    const onRetestFailed = jest.fn();
    await renderInTestApp(
      <ConnectionTestProgress
        state={state()}
        onRetestFailed={onRetestFailed}
      />,
    );
    const breakdown = await screen.findByTestId('connection-test-breakdown');
    const chips = within(breakdown).getAllByText(/: \d+$/);
    expect(chips.map(c => c.textContent)).toEqual([
      'refused: 2',
      'auth failed: 1',
      'timeout: 1',
    ]);
    // Each kind has its own colour.
    const colours = chips.map(
      c => getComputedStyle(c.parentElement!).backgroundColor,
    );
    expect(new Set(colours).size).toBe(3);

    await userEvent.click(
      screen.getByRole('button', { name: 'Retest failed' }),
    );
    expect(onRetestFailed).toHaveBeenCalledWith(['a', 'b', 'c', 'd']);
  });

  it('offers no retest while running, or when nothing failed', async () => {
    const { unmount } = await renderInTestApp(
      <ConnectionTestProgress
        state={state({ running: true, run: { ...run, status: 'running' } })}
        onRetestFailed={jest.fn()}
      />,
    );
    expect(
      screen.queryByRole('button', { name: 'Retest failed' }),
    ).not.toBeInTheDocument();
    unmount();
    await renderInTestApp(
      <ConnectionTestProgress
        state={state({
          run: {
            ...run,
            total: 1,
            done: 1,
            failed: 0,
            results: [run.results[0]],
          },
        })}
        onRetestFailed={jest.fn()}
      />,
    );
    expect(await screen.findByText('1 ok')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retest failed' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('connection-test-breakdown'),
    ).not.toBeInTheDocument();
  });
});
