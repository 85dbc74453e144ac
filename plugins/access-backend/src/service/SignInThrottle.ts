import { isIPv6 } from 'node:net';
import { AccessStore, FailureKey, FailureState } from '../database/AccessStore';

export type ThrottleSettings = {
  /** Failures in a row before the first lock (and before the account's first delay). */
  maxFailures: number;
  /** The first lock; each further failure doubles it. */
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** The account's first delay; each further failure doubles it. */
  baseAccountDelayMs: number;
  maxAccountDelayMs: number;
  /** Failures are forgotten this long after the last one (and after its lock ended). */
  forgetAfterSeconds: number;
};

export const DEFAULT_THROTTLE_SETTINGS: ThrottleSettings = {
  maxFailures: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 15 * 60,
  baseAccountDelayMs: 250,
  maxAccountDelayMs: 2000,
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
 * Who a failure counts against: the client address (IPv6 by /64, since a
 * client owns all of it), the account from that address, and the account
 * alone. Accounts are named as typed, whether or not they exist, so
 * throttling does not tell which names exist.
 */
export function failureKeys(
  username: string,
  clientAddress: string | null | undefined,
): { account: FailureKey; address: FailureKey; pair: FailureKey } {
  let address = (clientAddress ?? '').trim().toLowerCase();
  if (address.startsWith('::ffff:') && address.includes('.')) {
    address = address.slice(7);
  }
  if (isIPv6(address)) {
    address = ipv6Prefix(address);
  }
  const account = username.trim().toLowerCase().slice(0, 128);
  const subject = address.slice(0, 128) || 'unknown';
  return {
    account: { kind: 'account', subject: account },
    address: { kind: 'address', subject },
    pair: { kind: 'pair', subject: `${subject} ${account}`.slice(0, 128) },
  };
}

/**
 * Failed sign-ins, counted in the database so that locks hold across restarts
 * and replicas. After `maxFailures` failures an address, or an account from
 * one address, is locked for `baseLockSeconds`, doubling with every further
 * failure up to `maxLockSeconds`. An account alone is never locked, or anyone
 * could lock its owner out: its failures only slow every check of its
 * password down, from `baseAccountDelayMs` doubling up to `maxAccountDelayMs`.
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

  /** How long to wait before checking a password of this account. */
  async accountDelayMs(account: FailureKey): Promise<number> {
    const [state] = await this.store.getFailureStates([account]);
    const failures = state ? this.liveFailures(state) : 0;
    const { maxFailures, baseAccountDelayMs, maxAccountDelayMs } =
      this.settings;
    if (failures < maxFailures) {
      return 0;
    }
    return Math.min(
      baseAccountDelayMs * 2 ** (failures - maxFailures),
      maxAccountDelayMs,
    );
  }

  async recordFailure(keys: FailureKey[]): Promise<void> {
    for (const key of keys) {
      await this.store.recordFailure(key, current =>
        this.next(current, key.kind !== 'account'),
      );
    }
  }

  async recordSuccess(keys: FailureKey[]): Promise<void> {
    for (const key of keys) {
      await this.store.clearFailures(key);
    }
  }

  /** Forgets failures nobody will count any more. */
  async purge(): Promise<number> {
    return this.store.deleteFailuresBefore(
      new Date(this.now().getTime() - this.settings.forgetAfterSeconds * 1000),
    );
  }

  /** The failures still counted: none once they are forgotten. */
  private liveFailures(current: FailureState): number {
    const lastActivity = Math.max(
      Date.parse(current.lastFailureAt),
      current.lockedUntil ? Date.parse(current.lockedUntil) : 0,
    );
    return this.now().getTime() - lastActivity >
      this.settings.forgetAfterSeconds * 1000
      ? 0
      : current.failures;
  }

  private next(
    current: FailureState | undefined,
    locks: boolean,
  ): FailureState {
    const now = this.now();
    const { maxFailures, baseLockSeconds, maxLockSeconds } = this.settings;
    const failures = (current ? this.liveFailures(current) : 0) + 1;
    let lockedUntil: string | null = null;
    if (locks && failures >= maxFailures) {
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
