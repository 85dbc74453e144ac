/**
 * Runs the given tasks at most `concurrency` at a time, in the order they
 * were submitted.
 *
 * @public
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * The bounded fan-out behind {@link probeMany}, for other per-host work.
 *
 * @public
 */
export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(
      `concurrency must be a positive integer, got ${concurrency}`,
    );
  }
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) {
      // The slot passes straight to the next task, so a newcomer cannot
      // overtake tasks that are already waiting.
      next();
    } else {
      running--;
    }
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) {
      await new Promise<void>(resolve => waiting.push(resolve));
    } else {
      running++;
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
