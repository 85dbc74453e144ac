/**
 * A counting semaphore: at most `limit` jobs hold a slot at once. One engine
 * has its own (its per-plugin limit); one shared by several engines limits
 * them together (the process-wide limit).
 *
 * @public
 */
export class JobSlots {
  readonly limit: number;
  #inUse = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(
        `JobSlots: limit must be a positive integer, got ${limit}`,
      );
    }
    this.limit = limit;
  }

  /** Slots held right now. */
  get inUse(): number {
    return this.#inUse;
  }

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.#inUse < this.limit) {
      this.#inUse += 1;
      return true;
    }
    return false;
  }

  /**
   * Takes a slot, waiting (first come, first served) until one is free.
   * Resolves false, without a slot, if `signal` aborts first.
   */
  acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) {
      return Promise.resolve(false);
    }
    if (this.#waiters.length === 0 && this.tryAcquire()) {
      return Promise.resolve(true);
    }
    return new Promise(resolve => {
      let onAbort: (() => void) | undefined = undefined;
      // Called by release() with the slot already counted as taken.
      const grant = () => {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      onAbort = () => {
        const index = this.#waiters.indexOf(grant);
        if (index >= 0) {
          this.#waiters.splice(index, 1);
        }
        resolve(false);
      };
      this.#waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Gives a slot back; the longest waiter, if any, gets it. */
  release(): void {
    if (this.#inUse === 0) {
      throw new Error('JobSlots: release() without a slot held');
    }
    const next = this.#waiters.shift();
    if (next) {
      next();
    } else {
      this.#inUse -= 1;
    }
  }
}
