import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConnectionResult,
  ConnectionTestRun,
  Machine,
} from '@opssight/plugin-machines-common';
import {
  probeMany,
  ProbeResult,
  SshCredentials,
} from '@opssight/plugin-ssh-node';
import { MachinesStore } from '../database/MachinesStore';

/**
 * Where a connection test gets the credentials to log in to a machine with. The vault
 * plugs in here; without credentials a test proves the handshake and the host key only.
 */
export type MachineCredentialsResolver = (
  machine: Machine,
  requestedBy: string,
) => Promise<SshCredentials | undefined>;

export interface ConnectionTestOptions {
  /** How many machines are probed at once. */
  concurrency: number;
  connectTimeoutMs: number;
  handshakeTimeoutMs: number;
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
      undefined,
  ) {}

  /** Creates a run and probes in the background; poll the run for progress. */
  async start(
    machines: Machine[],
    requestedBy: string,
  ): Promise<ConnectionTestRun> {
    const run = await this.store.createTestRun({
      total: machines.length,
      requestedBy,
    });
    if (machines.length > 0) {
      this.execute(run.id, machines, requestedBy).catch(error =>
        this.logger.error(`Connection test ${run.id} failed`, error),
      );
    }
    return run;
  }

  private async execute(
    runId: string,
    machines: Machine[],
    requestedBy: string,
  ) {
    const targets = await Promise.all(
      machines.map(async machine => {
        const credentials = await this.resolveCredentials(machine, requestedBy);
        return {
          host: machine.ip,
          port: machine.sshPort,
          username: credentials?.username ?? (machine.sshUser || undefined),
          ...credentials,
          expectedFingerprint: machine.hostKeyFingerprint,
          connectTimeoutMs: this.options.connectTimeoutMs,
          handshakeTimeoutMs: this.options.handshakeTimeoutMs,
        };
      }),
    );
    const machineOf = new Map(
      targets.map((target, i) => [target, machines[i]]),
    );
    const pending: Promise<void>[] = [];
    try {
      await probeMany([...machineOf.keys()], {
        concurrency: this.options.concurrency,
        onResult: (target, probe) => {
          pending.push(this.record(runId, machineOf.get(target)!, probe));
        },
      });
      await Promise.all(pending);
    } finally {
      await this.store.finishTestRun(runId);
    }
  }

  private async record(runId: string, machine: Machine, probe: ProbeResult) {
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
    };
    try {
      if (probe.sshOk && probe.fingerprint && !machine.hostKeyFingerprint) {
        await this.store.setHostKeyFingerprint(machine.id, probe.fingerprint);
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
