import { LoggerService } from '@backstage/backend-plugin-api';
import { JobTarget, TargetErrorKind } from '@opssight/plugin-jobs-common';
import { JobContext, JobHandler } from '@opssight/plugin-jobs-node';
import {
  CONNECTION_TEST_JOB_KIND,
  ConnectionErrorKind,
  ConnectionResult,
  ConnectionTestParams,
  ConnectionTestTargetMeta,
  describeOwnHostAddress,
  Machine,
  sshLoginUser,
} from '@opssight/plugin-machines-common';
import {
  createLimiter,
  probeSsh,
  ProbeResult,
} from '@opssight/plugin-ssh-node';
import {
  CredentialCheckout,
  sshLoginOf,
  VaultService,
} from '@opssight/plugin-vault-node';
import { MachinesStore } from '../database/MachinesStore';

/**
 * What a connection test job keeps as its secret while it is queued or
 * running: each credential it logs in with, checked out of the vault on the
 * requester's behalf and still sealed, by credential id.
 */
export type ConnectionTestSecret = {
  checkouts: Record<string, CredentialCheckout>;
};

/** @public */
export type ConnectionTestOptions = {
  /** How many machines of one test are probed at once. */
  concurrency: number;
  connectTimeoutMs: number;
  handshakeTimeoutMs: number;
  /**
   * Whether machines at the portal's own host (loopback, unspecified,
   * link-local addresses) are probed. Machines registered at such an address
   * before it was disallowed fail their test without a connection attempt.
   */
  allowOwnHost?: boolean;
};

export type ConnectionTestHandlerOptions = ConnectionTestOptions & {
  store: MachinesStore;
  /** Opens the sealed checkouts of the job's secret, on whichever replica runs it. */
  vault: Pick<VaultService, 'open'>;
  logger: LoggerService;
};

/** The job engine's kinds of failure, for the machines' own finer ones. */
const TARGET_ERROR_KIND: Record<ConnectionErrorKind, TargetErrorKind> = {
  dns: 'connect',
  refused: 'connect',
  protocol: 'connect',
  timeout: 'timeout',
  hostkey: 'hostkey-changed',
  auth: 'auth',
};

/** A login opened from the job's secret, or why it could not be. */
type OpenedLogin =
  | NonNullable<ReturnType<typeof sshLoginOf>>
  | { refusal: string };

class ConnectionTestJob {
  private readonly startedAt = Date.now();
  private readonly checks: ConnectionResult[] = [];
  private readonly logins = new Map<string, OpenedLogin>();

  constructor(
    private readonly ctx: JobContext<ConnectionTestParams>,
    private readonly options: ConnectionTestHandlerOptions,
  ) {}

  async run(): Promise<void> {
    const { ctx, options } = this;
    // As they are now: a key pinned or an address changed since the test was asked for counts.
    const machines = new Map(
      (await options.store.getMachines(ctx.targets.map(t => t.key))).map(m => [
        m.id,
        m,
      ]),
    );
    ctx.log(
      `Testing SSH connections to ${ctx.targets.length} machine(s), ${options.concurrency} at a time\n`,
      { stream: 'system' },
    );
    const limit = createLimiter(Math.max(1, options.concurrency));
    const results = await Promise.allSettled(
      ctx.targets.map(target =>
        limit(async () => {
          // Cancelled, timed out or shutting down: no new machines. The
          // engine records the targets never started.
          if (!ctx.signal.aborted) {
            await this.test(target, machines.get(target.key));
          }
        }),
      ),
    );
    const failure = results.find(r => r.status === 'rejected');
    if (failure) {
      // Only the engine's and the store's own calls throw; machines' failures are results.
      throw (failure as PromiseRejectedResult).reason;
    }
    if (!ctx.signal.aborted) {
      ctx.log(`${this.summary()}\n`, { stream: 'system' });
    }
  }

  private async test(target: JobTarget, machine: Machine | undefined) {
    const { ctx, options } = this;
    const meta = target.meta as Partial<ConnectionTestTargetMeta>;
    await ctx.startTarget(target.key);
    if (!machine) {
      ctx.log(`${target.label}: no longer in the registry\n`, {
        stream: 'system',
        target: target.key,
      });
      await ctx.finishTarget(target.key, {
        status: 'skipped',
        errorMessage: 'the machine was deleted before it was tested',
      });
      return;
    }

    const credentialId = meta.credentialId ?? null;
    const ownHost = options.allowOwnHost
      ? undefined
      : describeOwnHostAddress(machine.ip);
    let probe: ProbeResult;
    if (ownHost) {
      probe = unprobed(
        'refused',
        `Not tested: ${ownHost}; this portal does not connect there`,
      );
    } else {
      const login = credentialId ? this.login(credentialId) : undefined;
      if (login && 'refusal' in login) {
        // Not the machine's fault: its last check stays as it was.
        await this.finish(target, machine, unprobed('auth', login.refusal), {
          credentialId,
          record: false,
        });
        return;
      }
      probe = await probeSsh({
        host: machine.ip,
        port: machine.sshPort,
        // Resolved when the test was asked for: the machine's SSH user, else the credential's username.
        username:
          meta.username ||
          (login ? sshLoginUser(machine, login.username) : machine.sshUser) ||
          undefined,
        privateKey: login?.privateKey,
        passphrase: login?.passphrase,
        password: login?.password,
        expectedFingerprint: machine.hostKeyFingerprint,
        connectTimeoutMs: options.connectTimeoutMs,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
      });
    }
    await this.finish(target, machine, probe, { credentialId, record: true });
  }

  /** The credential's login from the job's secret, opened once per job. */
  private login(credentialId: string): OpenedLogin {
    const known = this.logins.get(credentialId);
    if (known) {
      return known;
    }
    let opened: OpenedLogin;
    const secret = this.ctx.secret as unknown as ConnectionTestSecret | null;
    const checkout = secret?.checkouts?.[credentialId];
    if (!checkout) {
      opened = {
        refusal:
          'the test has no credential to log in with (it is removed when a test ends; test again)',
      };
    } else {
      try {
        opened = sshLoginOf(this.options.vault.open(checkout)) ?? {
          refusal: `credential '${
            checkout.name ?? checkout.id
          }' is an API token; a connection test logs in with an SSH key or a password`,
        };
      } catch (error) {
        opened = {
          refusal: `credential '${
            checkout.name ?? checkout.id
          }' could not be decrypted on this backend: ${
            error instanceof Error ? error.message : String(error)
          }`,
        };
      }
    }
    this.logins.set(credentialId, opened);
    return opened;
  }

  /**
   * Keeps the outcome: the host key pinned on first success (trust on first
   * use), the last check on the machine, and the target's result.
   */
  private async finish(
    target: JobTarget,
    machine: Machine,
    probe: ProbeResult,
    how: { credentialId: string | null; record: boolean },
  ) {
    const { ctx } = this;
    // The result keeps which credential was used, never anything of its secret.
    const check: ConnectionResult = {
      machineId: machine.id,
      reachable: probe.reachable,
      sshOk: probe.sshOk,
      fingerprint: probe.fingerprint,
      latencyMs:
        probe.latencyMs === null ? null : Math.round(probe.latencyMs * 10) / 10,
      errorKind: probe.errorKind,
      message: probe.message,
      checkedAt: new Date().toISOString(),
      ...(how.credentialId && { credentialId: how.credentialId }),
    };
    let pinned = false;
    if (how.record) {
      try {
        // Machines pinned before the key itself was kept get it from a test that
        // matched the pin, so known_hosts lines appear without re-pinning.
        if (
          probe.sshOk &&
          probe.fingerprint &&
          (!machine.hostKeyFingerprint ||
            (!machine.hostPublicKey &&
              probe.fingerprint === machine.hostKeyFingerprint))
        ) {
          await this.options.store.setHostKeyFingerprint(
            machine.id,
            probe.fingerprint,
            probe.hostPublicKey,
          );
          pinned = !machine.hostKeyFingerprint;
        }
        await this.options.store.recordCheck(check);
      } catch (error) {
        // The machine may have been deleted while it was being probed; the test still counts it.
        this.options.logger.warn(
          `Could not store the check of machine ${machine.id}: ${error}`,
        );
      }
    }
    this.checks.push(check);
    ctx.log(`${target.label}: ${describeCheck(check, pinned)}\n`, {
      stream: 'system',
      target: target.key,
    });
    await ctx.finishTarget(target.key, {
      status: check.sshOk ? 'succeeded' : 'failed',
      errorKind: check.errorKind ? TARGET_ERROR_KIND[check.errorKind] : null,
      errorMessage: check.sshOk ? null : check.message,
      meta: { check },
    });
  }

  private summary(): string {
    const ok = this.checks.filter(c => c.sshOk).length;
    const kinds = new Map<string, number>();
    for (const check of this.checks) {
      if (!check.sshOk) {
        const kind = check.errorKind ?? 'other';
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
    const failed = this.checks.length - ok;
    const breakdown = [...kinds]
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    return `Done: ${ok} of ${
      this.ctx.targets.length
    } machine(s) ok, ${failed} failed${
      breakdown ? ` (${breakdown})` : ''
    } in ${seconds} s`;
  }
}

/** A result for a machine that was not probed. */
function unprobed(
  errorKind: ConnectionErrorKind,
  message: string,
): ProbeResult {
  return {
    reachable: false,
    sshOk: false,
    fingerprint: null,
    hostPublicKey: null,
    latencyMs: null,
    errorKind,
    message,
  };
}

/** One line of the job's log per machine. */
function describeCheck(check: ConnectionResult, pinned: boolean): string {
  if (check.sshOk) {
    const latency =
      check.latencyMs === null ? '' : ` · ${Math.round(check.latencyMs)} ms`;
    const key = check.fingerprint
      ? ` · host key ${check.fingerprint}${pinned ? ' (pinned now)' : ''}`
      : '';
    return `SSH ok${latency}${key}`;
  }
  return `${check.errorKind ?? 'failed'}: ${check.message ?? 'no answer'}`;
}

/**
 * Tests machines' SSH connections as jobs of kind `connection-test`: probes
 * every target, `concurrency` at a time, keeps each machine's last check and
 * pins its host key on first success. The credentials are the sealed vault
 * checkouts of the job's secret.
 */
export function connectionTestHandler(
  options: ConnectionTestHandlerOptions,
): JobHandler<ConnectionTestParams> {
  return {
    kind: CONNECTION_TEST_JOB_KIND,
    run: ctx => new ConnectionTestJob(ctx, options).run(),
  };
}
