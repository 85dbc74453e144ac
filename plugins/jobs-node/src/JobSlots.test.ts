import { JobSlots } from './JobSlots';

describe('JobSlots', () => {
  it('gives out at most `limit` slots, then serves waiters in order', async () => {
    const slots = new JobSlots(2);
    expect(slots.tryAcquire()).toBe(true);
    expect(await slots.acquire()).toBe(true);
    expect(slots.tryAcquire()).toBe(false);
    const order: string[] = [];
    const first = slots.acquire().then(() => order.push('first'));
    const second = slots.acquire().then(() => order.push('second'));
    slots.release();
    await first;
    expect(order).toEqual(['first']);
    expect(slots.inUse).toBe(2);
    slots.release();
    await second;
    expect(order).toEqual(['first', 'second']);
    slots.release();
    slots.release();
    expect(slots.inUse).toBe(0);
    expect(() => slots.release()).toThrow(/without a slot/);
  });

  it('stops waiting when the signal aborts', async () => {
    const slots = new JobSlots(1);
    slots.tryAcquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    slots.release();
    expect(slots.inUse).toBe(0);
    expect(await slots.acquire(controller.signal)).toBe(false);
  });

  it('wants a positive whole limit', () => {
    expect(() => new JobSlots(0)).toThrow(TypeError);
    expect(() => new JobSlots(1.5)).toThrow(TypeError);
  });
});
