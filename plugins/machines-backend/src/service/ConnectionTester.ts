import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConnectionResult,
  ConnectionTestRun,
  Machine,
} from '@opssight/plugin-machines-common';
import { probeMany, ProbeResult } from '@opssight/plugin-ssh-node';
import { MachinesStore } from '../database/MachinesStore';

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
 * Authentication with stored credentials arrives with the vault; until then a probe
 * completes the key exchange without offering credentials, which proves the host is an
 * SSH server holding the pinned key.
 */
export class ConnectionTester {
  constructor(
    private readonly store: MachinesStore,
    private readonly logger: LoggerService,
    private readonly options: ConnectionTestOptions,
  ) {}

  /** Creates a run and probes in the background; poll the run for progress. */
  async start(machines: Machine[], requestedBy: string): Promise<ConnectionTestRun> {
    const run = await this.store.createTestRun({ total: machines.length, requestedBy });
    if (machines.length > 0) {
      this.execute(run.id, machines).catch(error =>
        this.logger.error(`Connection test ${run.id} failed`, error),
      );
    }
    return run;
  }

  private async execute(runId: string, machines: Machine[]) {
    const machineOf = new Map(
      machines.map(machine => [
        {
          host: machine.ip,
          port: machine.sshPort,
          expectedFingerprint: machine.hostKeyFingerprint,
          connectTimeoutMs: this.options.connectTimeoutMs,
          handshakeTimeoutMs: this.options.handshakeTimeoutMs,
        },
        machine,
      ]),
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
      latencyMs: probe.latencyMs === null ? null : Math.round(probe.latencyMs * 10) / 10,
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
      this.logger.warn(`Could not store the check of machine ${machine.id}: ${error}`);
    }
    await this.store.addTestResult(runId, result, !probe.sshOk);
  }
}
