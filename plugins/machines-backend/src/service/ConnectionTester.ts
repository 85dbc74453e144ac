import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConnectionResult,
  ConnectionTestRun,
  Machine,
  describeOwnHostAddress,
} from '@opssight/plugin-machines-common';
import {
  probeMany,
  ProbeResult,
  SshCredentials,
} from '@opssight/plugin-ssh-node';
import { MachinesStore } from '../database/MachinesStore';

/** How a connection test logs in to one machine: a vault credential's secret, and its id for the record. */
export type MachineLogin = SshCredentials & { credentialId: string };

/** What a connection test run is asked to do, and on whose behalf. */
export interface ConnectionTestStart {
  machines: Machine[];
  /** Entity ref (or subject) of the caller, kept on the run. */
  requestedBy: string;
  /** The caller's credentials: secrets are checked out on their behalf. */
  credentials: BackstageCredentials;
  /** Picked for this test, overriding each machine's default credential; `null` for none. */
  credentialId?: string | null;
}

/**
 * Where a connection test gets the credentials to log in to machines with: the
 * logins by machine id, for the machines that have one. The vault plugs in here;
 * without credentials a test proves the handshake and the host key only.
 * Called before the run exists, so a credential the caller may not use refuses
 * the request instead of failing each machine.
 */
export type MachineCredentialsResolver = (
  request: Omit<ConnectionTestStart, 'requestedBy'>,
) => Promise<Map<string, MachineLogin>>;

/**
 * The vault credential a test logs in to a machine with: the one picked for
 * the test (`null`: none), else the machine's default.
 */
export function loginCredentialId(
  machine: Machine,
  picked?: string | null,
): string | undefined {
  if (picked !== undefined) {
    return picked ?? undefined;
  }
  return machine.defaultCredentialId ?? undefined;
}

export interface ConnectionTestOptions {
  /** How many machines are probed at once. */
  concurrency: number;
  connectTimeoutMs: number;
  handshakeTimeoutMs: number;
  /**
   * Whether machines at the portal's own host (loopback, unspecified,
   * link-local addresses) are probed. Machines registered at such an address
   * before it was disallowed fail their test without a connection attempt.
   */
  allowOwnHost?: boolean;
}

/**
 * Probes machines over SSH and keeps the outcome: the last result on each machine,
 * every result on its run, and the host key pinned on first success (trust on first use).
 *
 * Credentials come from a resolver (the vault's seam). Without them a probe completes
 * the key exchange and stops at authentication, which proves the host is an SSH server
 * holding the pinned key; with them it logs in, and a rejection is an `auth` failure.
 */
export class ConnectionTester {
  constructor(
    private readonly store: MachinesStore,
    private readonly logger: LoggerService,
    private readonly options: ConnectionTestOptions,
    private readonly resolveCredentials: MachineCredentialsResolver = async () =>
      new Map(),
  ) {}

  /**
   * Checks out the credentials, creates a run and probes in the background;
   * poll the run for progress. Rejects, before any run exists, when a
   * credential cannot be used.
   */
  async start(request: ConnectionTestStart): Promise<ConnectionTestRun> {
    const { machines, requestedBy } = request;
    const logins = await this.resolveCredentials({
      machines,
      credentials: request.credentials,
      credentialId: request.credentialId,
    });
    const run = await this.store.createTestRun({
      total: machines.length,
      requestedBy,
    });
    if (machines.length > 0) {
      this.execute(run.id, machines, logins).catch(error =>
        this.logger.error(`Connection test ${run.id} failed`, error),
      );
    }
    return run;
  }

  private async execute(
    runId: string,
    requested: Machine[],
    logins: Map<string, MachineLogin>,
  ) {
    const refused: Promise<void>[] = [];
    let machines = requested;
    if (!this.options.allowOwnHost) {
      machines = requested.filter(machine => {
        const what = describeOwnHostAddress(machine.ip);
        if (what) {
          refused.push(
            this.record(
              runId,
              machine,
              {
                reachable: false,
                sshOk: false,
                fingerprint: null,
                hostPublicKey: null,
                latencyMs: null,
                errorKind: 'refused',
                message: `Not tested: ${what}; this portal does not connect there`,
              },
              undefined,
            ),
          );
        }
        return !what;
      });
    }
    const targets = machines.map(machine => {
      const login = logins.get(machine.id);
      return {
        host: machine.ip,
        port: machine.sshPort,
        // A login already follows sshLoginUser; without one, the handshake names the machine's user.
        username: login?.username || machine.sshUser || undefined,
        privateKey: login?.privateKey,
        passphrase: login?.passphrase,
        password: login?.password,
        expectedFingerprint: machine.hostKeyFingerprint,
        connectTimeoutMs: this.options.connectTimeoutMs,
        handshakeTimeoutMs: this.options.handshakeTimeoutMs,
      };
    });
    const machineOf = new Map(
      targets.map((target, i) => [target, machines[i]]),
    );
    const pending: Promise<void>[] = [];
    try {
      await probeMany([...machineOf.keys()], {
        concurrency: this.options.concurrency,
        onResult: (target, probe) => {
          const machine = machineOf.get(target)!;
          pending.push(
            this.record(
              runId,
              machine,
              probe,
              logins.get(machine.id)?.credentialId,
            ),
          );
        },
      });
      await Promise.all([...refused, ...pending]);
    } finally {
      await this.store.finishTestRun(runId);
    }
  }

  private async record(
    runId: string,
    machine: Machine,
    probe: ProbeResult,
    credentialId: string | undefined,
  ) {
    // The result keeps which credential was used, never anything of its secret.
    const result: ConnectionResult = {
      machineId: machine.id,
      reachable: probe.reachable,
      sshOk: probe.sshOk,
      fingerprint: probe.fingerprint,
      latencyMs:
        probe.latencyMs === null ? null : Math.round(probe.latencyMs * 10) / 10,
      errorKind: probe.errorKind,
      message: probe.message,
      checkedAt: new Date().toISOString(),
      ...(credentialId && { credentialId }),
    };
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
        await this.store.setHostKeyFingerprint(
          machine.id,
          probe.fingerprint,
          probe.hostPublicKey,
        );
      }
      await this.store.recordCheck(result);
    } catch (error) {
      // The machine may have been deleted while it was being probed; the run still counts it.
      this.logger.warn(
        `Could not store the check of machine ${machine.id}: ${error}`,
      );
    }
    await this.store.addTestResult(runId, result, !probe.sshOk);
  }
}
