import { makeJobTarget } from '../../testing/makeJob';
import { describeGroupResult, groupTargetOutputs } from './groupTargetOutputs';

const ok = (key: string, stdout = 'up 3 days\n') =>
  makeJobTarget({ key, status: 'succeeded', exitCode: 0, stdout });
const failed = (key: string, exitCode: number, stderr = 'boom\n') =>
  makeJobTarget({
    key,
    status: 'failed',
    exitCode,
    stderr,
    errorKind: 'exec',
    errorMessage: `exited with ${exitCode}`,
  });

const keysOf = (groups: { targets: { key: string }[] }[]) =>
  groups.map(g => g.targets.map(t => t.key));

describe('groupTargetOutputs', () => {
  it('puts targets with the same exit code and output in one group, in job order', () => {
    const { groups, unfinished } = groupTargetOutputs([
      ok('n1'),
      ok('n2'),
      ok('n3'),
    ]);
    expect(keysOf(groups)).toEqual([['n1', 'n2', 'n3']]);
    expect(groups[0]).toMatchObject({
      status: 'succeeded',
      exitCode: 0,
      stdout: 'up 3 days\n',
      failed: false,
    });
    expect(unfinished).toEqual([]);
  });

  it('splits on exit code, stdout, stderr, error kind and truncation', () => {
    const { groups } = groupTargetOutputs([
      failed('exit1', 1),
      failed('exit2', 2),
      ok('other-out', 'up 4 days\n'),
      ok('same-a'),
      makeJobTarget({ ...ok('with-stderr'), stderr: 'warning\n' }),
      makeJobTarget({ ...ok('truncated'), stdoutTruncated: true }),
      makeJobTarget({
        key: 'auth',
        status: 'failed',
        exitCode: null,
        errorKind: 'auth',
        errorMessage: 'auth refused',
      }),
      makeJobTarget({
        key: 'connect',
        status: 'failed',
        exitCode: null,
        errorKind: 'connect',
        errorMessage: 'refused',
      }),
    ]);
    expect(groups).toHaveLength(8);
    expect(groups.every(g => g.targets.length === 1)).toBe(true);
  });

  it('orders biggest group first, failures first among equals, then job order', () => {
    const { groups } = groupTargetOutputs([
      ok('a1'),
      failed('f1', 1),
      ok('b1', 'other\n'),
      ok('a2'),
      failed('f2', 1),
      failed('g1', 2),
      ok('a3'),
    ]);
    expect(keysOf(groups)).toEqual([
      ['a1', 'a2', 'a3'],
      ['f1', 'f2'],
      ['g1'],
      ['b1'],
    ]);
    expect(groups.map(g => g.failed)).toEqual([false, true, true, false]);
  });

  it('keeps every distinct error message of a group, and leaves unfinished targets out', () => {
    const unreachable = (key: string, ip: string) =>
      makeJobTarget({
        key,
        status: 'failed',
        exitCode: null,
        errorKind: 'connect',
        errorMessage: `${ip}:22 connection refused`,
      });
    const { groups, unfinished } = groupTargetOutputs([
      unreachable('n1', '10.0.0.1'),
      unreachable('n2', '10.0.0.2'),
      makeJobTarget({ key: 'n3', status: 'running', exitCode: null }),
      makeJobTarget({ key: 'n4', status: 'pending', exitCode: null }),
    ]);
    expect(keysOf(groups)).toEqual([['n1', 'n2']]);
    expect(groups[0].errorMessages).toEqual([
      '10.0.0.1:22 connection refused',
      '10.0.0.2:22 connection refused',
    ]);
    expect(unfinished.map(t => t.key)).toEqual(['n3', 'n4']);
  });
});

describe('describeGroupResult', () => {
  it('says how a group ended in a few words', () => {
    expect(
      describeGroupResult({
        status: 'succeeded',
        exitCode: 0,
        errorKind: null,
      }),
    ).toBe('exit 0');
    expect(
      describeGroupResult({ status: 'failed', exitCode: 2, errorKind: 'exec' }),
    ).toBe('exit 2');
    expect(
      describeGroupResult({
        status: 'failed',
        exitCode: null,
        errorKind: 'exec',
      }),
    ).toBe('command failed');
    expect(
      describeGroupResult({
        status: 'failed',
        exitCode: null,
        errorKind: 'hostkey-changed',
      }),
    ).toBe('host key CHANGED — possible interception');
    expect(
      describeGroupResult({
        status: 'failed',
        exitCode: null,
        errorKind: 'hostkey-unpinned',
      }),
    ).toBe('host key not pinned — run a connection test first');
    expect(
      describeGroupResult({
        status: 'cancelled',
        exitCode: null,
        errorKind: null,
      }),
    ).toBe('cancelled');
  });
});
