import { act, renderHook, waitFor } from '@testing-library/react';
import { useListQuery } from './useListQuery';

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>(r => (resolve = r));
  return { promise, resolve };
}

describe('useListQuery', () => {
  it('keeps the last page while the next loads, and drops answers to older questions', async () => {
    const answers: Record<string, ReturnType<typeof deferred<string>>> = {
      a: deferred(),
      b: deferred(),
    };
    const load = jest.fn((q: { q: string }) => answers[q.q].promise);
    const { result, rerender } = renderHook(
      ({ q }) => useListQuery(load, { q }),
      { initialProps: { q: 'a' } },
    );
    expect(result.current.loading).toBe(true);
    rerender({ q: 'b' });
    await act(async () => answers.b.resolve('page b'));
    await act(async () => answers.a.resolve('page a'));
    expect(result.current.value).toBe('page b');
    expect(result.current.loading).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('asks nothing while the query is undefined, and again on reload', async () => {
    const load = jest.fn(async (q: number) => q * 2);
    const { result, rerender } = renderHook(
      ({ q }: { q?: number }) => useListQuery(load, q),
      { initialProps: { q: undefined as number | undefined } },
    );
    expect(load).not.toHaveBeenCalled();
    await waitFor(() => expect(result.current.loading).toBe(false));
    rerender({ q: 2 });
    await waitFor(() => expect(result.current.value).toBe(4));
    act(() => result.current.reload());
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });

  it('keeps the last page when a request fails, with its error', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce('page')
      .mockRejectedValueOnce(new Error('timed out'));
    const { result } = renderHook(() => useListQuery(load, {}));
    await waitFor(() => expect(result.current.value).toBe('page'));
    act(() => result.current.reload());
    await waitFor(() =>
      expect(result.current.error?.message).toBe('timed out'),
    );
    expect(result.current.value).toBe('page');
  });
});
