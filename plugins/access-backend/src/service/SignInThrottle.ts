import { isIPv6 } from 'node:net';
import { AccessStore, FailureKey, FailureState } from '../database/AccessStore';

export type ThrottleSettings = {
  /** Failures in a row before the first lock. */
  maxFailures: number;
  /** The first lock; each further failure doubles it. */
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** Failures are forgotten this long after the last one (and after its lock ended). */
  forgetAfterSeconds: number;
};

export const DEFAULT_THROTTLE_SETTINGS: ThrottleSettings = {
  maxFailures: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 15 * 60,
  forgetAfterSeconds: 60 * 60,
};

/** The 64 bits of an IPv6 address that one client controls. */
function ipv6Prefix(address: string): string {
  let text = address.split('%')[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${(
      (c << 8) |
      d
    ).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const first = head ? head.split(':') : [];
  const last = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? first
      : [...first, ...Array(8 - first.length - last.length).fill('0'), ...last];
  return `${groups
    .slice(0, 4)
    .map(g => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Who a failure counts against: the account (by the name typed, whether or not
 * it exists, so throttling does not tell which names exist) and the client
 * address (IPv6 by /64, since a client owns all of it).
 */
export function failureKeys(
  username: string,
  clientAddress: string | null | undefined,
): { account: FailureKey; address: FailureKey } {
  let address = (clientAddress ?? '').trim().toLowerCase();
  if (address.startsWith('::ffff:') && address.includes('.')) {
    address = address.slice(7);
  }
  if (isIPv6(address)) {
    address = ipv6Prefix(address);
  }
  return {
    account: {
      kind: 'account',
      subject: username.trim().toLowerCase().slice(0, 128),
    },
    address: { kind: 'address', subject: address.slice(0, 128) || 'unknown' },
  };
}

/**
 * Failed sign-ins, counted in the database so that locks hold across restarts
 * and replicas. After `maxFailures` failures a key is locked for
 * `baseLockSeconds`, doubling with every further failure up to
 * `maxLockSeconds`.
 */
export class SignInThrottle {
  constructor(
    private readonly store: AccessStore,
    private readonly settings: ThrottleSettings,
    private readonly now: () => Date,
  ) {}

  /** Seconds until every one of the keys is unlocked; 0 when none is locked. */
  async retryAfterSeconds(keys: FailureKey[]): Promise<number> {
    const now = this.now().getTime();
    const states = await this.store.getFailureStates(keys);
    const until = Math.max(
      0,
      ...states.map(s => (s.lockedUntil ? Date.parse(s.lockedUntil) : 0)),
    );
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  async recordFailure(keys: FailureKey[]): Promise<void> {
    for (const key of keys) {
      await this.store.recordFailure(key, current => this.next(current));
    }
  }

  async recordSuccess(key: FailureKey): Promise<void> {
    await this.store.clearFailures(key);
  }

  /** Forgets failures nobody will count any more. */
  async purge(): Promise<number> {
    return this.store.deleteFailuresBefore(
      new Date(this.now().getTime() - this.settings.forgetAfterSeconds * 1000),
    );
  }

  private next(current: FailureState | undefined): FailureState {
    const now = this.now();
    const { maxFailures, baseLockSeconds, maxLockSeconds, forgetAfterSeconds } =
      this.settings;
    let failures = current?.failures ?? 0;
    if (current) {
      const lastActivity = Math.max(
        Date.parse(current.lastFailureAt),
        current.lockedUntil ? Date.parse(current.lockedUntil) : 0,
      );
      if (now.getTime() - lastActivity > forgetAfterSeconds * 1000) {
        failures = 0;
      }
    }
    failures += 1;
    let lockedUntil: string | null = null;
    if (failures >= maxFailures) {
      // 2^n overflows to Infinity long before failures could, and min() caps it.
      const seconds = Math.min(
        baseLockSeconds * 2 ** (failures - maxFailures),
        maxLockSeconds,
      );
      lockedUntil = new Date(now.getTime() + seconds * 1000).toISOString();
    }
    return { failures, lastFailureAt: now.toISOString(), lockedUntil };
  }
}
