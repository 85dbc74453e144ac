import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { Machine } from '@opssight/plugin-machines-common';
import { MachinesService } from '@opssight/plugin-machines-node';
import { MachinesByIp, MachineSnapshot } from '../database/ClustersStore';

export function snapshotOf(machine: Machine): MachineSnapshot {
  return {
    id: machine.id,
    hostname: machine.hostname,
    hostKeyPinned: machine.hostKeyFingerprint !== null,
  };
}

/**
 * The machines at a cluster's IPs, from the machine registry on behalf of the
 * caller: the machines plugin decides what they may see.
 */
export class MachineRegistry {
  constructor(private readonly deps: { machines: MachinesService }) {}

  /** The registered machines at these IPs (IPs without one are absent). */
  async machinesAt(
    ips: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Machine>> {
    if (!ips.length) return new Map();
    let machines: Machine[];
    try {
      machines = await this.deps.machines.findByIps(ips, { credentials });
    } catch (error) {
      if (error instanceof NotAllowedError) {
        throw new NotAllowedError(
          'You may not see the machine registry, which a cluster is made of',
        );
      }
      throw error;
    }
    return new Map(machines.map(m => [m.ip, m]));
  }

  /** {@link MachineRegistry.machinesAt}, as the store keeps them. */
  async snapshotsAt(
    ips: string[],
    credentials: BackstageCredentials,
  ): Promise<MachinesByIp> {
    const machines = await this.machinesAt(ips, credentials);
    return new Map([...machines].map(([ip, m]) => [ip, snapshotOf(m)]));
  }
}
