import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { ConnectionResult } from '@opssight/plugin-machines-common';
import type { ConnectionTestState } from '../../hooks/useConnectionTest';
import {
  makeConnectionTestJob,
  makeConnectionTestTarget,
  makeResult,
} from '@opssight/plugin-machines-react/testing';
import {
  ConnectionTestProgress,
  failureBreakdown,
} from './ConnectionTestProgress';
import { userEvent } from '@opssight/plugin-api-react/testing';

const failed = (machineId: string, errorKind: 'refused' | 'timeout' | 'auth') =>
  makeResult({ machineId, sshOk: false, reachable: false, errorKind });

const results: ConnectionResult[] = [
  makeResult({ machineId: 'ok-1', sshOk: true }),
  failed('a', 'refused'),
  failed('b', 'refused'),
  failed('c', 'timeout'),
  failed('d', 'auth'),
];

/** The state of a test whose machines ended with `ended`. */
function state(
  overrides: Partial<ConnectionTestState> = {},
  ended: ConnectionResult[] = results,
): ConnectionTestState {
  const failedCount = ended.filter(r => !r.sshOk).length;
  return {
    job: makeConnectionTestJob({
      status: failedCount ? 'failed' : 'succeeded',
      progress: {
        total: ended.length,
        done: ended.length,
        failed: failedCount,
      },
    }),
    targets: ended.map(r => makeConnectionTestTarget(r)),
    results: new Map(ended.map(r => [r.machineId, r])),
    testing: new Set(),
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
    expect(failureBreakdown(results)).toEqual([
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
        state={state({ running: true })}
        onRetestFailed={jest.fn()}
      />,
    );
    expect(
      screen.queryByRole('button', { name: 'Retest failed' }),
    ).not.toBeInTheDocument();
    unmount();
    await renderInTestApp(
      <ConnectionTestProgress
        state={state({}, [results[0]])}
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

  it("shows each machine's tile with its status on request", async () => {
    await renderInTestApp(<ConnectionTestProgress state={state()} />);
    expect(
      await screen.findByText('5 / 5 done · 4 failed'),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('connection-test-hosts'),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show hosts' }));
    const hosts = await screen.findByTestId('connection-test-hosts');
    expect(within(hosts).getByText('a')).toBeInTheDocument();
    expect(within(hosts).getByText('ok-1')).toBeInTheDocument();
  });
});
