import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { NodeRole, RunTargetSelection } from '@opssight/plugin-clusters-common';
import { Machine } from '@opssight/plugin-machines-common';
import { MachinesService } from '@opssight/plugin-machines-node';
import { RunTargetMeta } from './bulkScriptHandler';

/**
 * A cluster's nodes with the given role (`all`: every node), as the clusters
 * store has them, read on behalf of the user. Rejects with NotFoundError for
 * an unknown cluster (or NotAllowedError when the user may not see it).
 *
 * @public
 */
export type ResolveClusterNodes = (
  clusterId: string,
  role: 'all' | NodeRole,
  credentials: BackstageCredentials,
) => Promise<Array<{ ip: string; role: NodeRole; machineId: string | null }>>;

/** A run's target as the job engine takes it. */
export type RunTarget = { key: string; label: string; meta: JsonObject };

/**
 * Turns a run's target selection into the machines to run on, on behalf of
 * the user: the machines plugin decides which machines they may see, the
 * clusters store which cluster. Everything the handler needs to connect goes
 * into each target's meta, so it runs without the user's credentials.
 */
export class RunTargets {
  constructor(
    private readonly deps: {
      machines: MachinesService;
      resolveClusterNodes: ResolveClusterNodes;
    },
  ) {}

  async resolve(
    selection: RunTargetSelection,
    credentials: BackstageCredentials,
  ): Promise<RunTarget[]> {
    let targets: RunTarget[];
    let empty: string;
    if ('clusterId' in selection) {
      const role = selection.role ?? 'all';
      targets = await this.clusterNodes(selection.clusterId, role, credentials);
      empty = `targets.clusterId: the cluster has no ${
        role === 'all' ? '' : `${role} `
      }nodes`;
    } else if ('group' in selection) {
      const machines = await this.machines(credentials, selection.group);
      targets = machines.map(m => target(m));
      empty = `targets.group: no machines in group '${selection.group}'`;
    } else {
      targets = await this.machinesById(selection.machineIds, credentials);
      empty = 'targets.machineIds: pick at least one machine';
    }
    if (targets.length === 0) {
      throw new InputError(empty);
    }
    return targets;
  }

  private async clusterNodes(
    clusterId: string,
    role: 'all' | NodeRole,
    credentials: BackstageCredentials,
  ): Promise<RunTarget[]> {
    const nodes = await this.deps.resolveClusterNodes(
      clusterId,
      role,
      credentials,
    );
    const unregistered = nodes.filter(n => !n.machineId).map(n => n.ip);
    if (unregistered.length) {
      throw new InputError(
        `targets.clusterId: node(s) ${unregistered.join(
          ', ',
        )} are no longer registered machines; register them again, or pick machines by id`,
      );
    }
    const byId = await this.byId(
      nodes.map(n => n.machineId!),
      credentials,
    );
    const missing = nodes.filter(n => !byId.has(n.machineId!));
    if (missing.length) {
      throw new InputError(
        `targets.clusterId: the machine(s) of node(s) ${missing
          .map(n => n.ip)
          .join(', ')} are gone from the registry`,
      );
    }
    return nodes.map(n => target(byId.get(n.machineId!)!, n.role));
  }

  private async machinesById(
    ids: string[],
    credentials: BackstageCredentials,
  ): Promise<RunTarget[]> {
    const unique = [...new Set(ids)];
    const byId = await this.byId(unique, credentials);
    const unknown = unique.filter(id => !byId.has(id));
    if (unknown.length) {
      throw new InputError(
        `targets.machineIds: no registered machine with id ${unknown
          .map(id => `'${id}'`)
          .join(', ')}`,
      );
    }
    return unique.map(id => target(byId.get(id)!));
  }

  private async byId(
    ids: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Machine>> {
    const machines = await this.registry(() =>
      this.deps.machines.getMany(ids, { credentials }),
    );
    return new Map(machines.map(m => [m.id, m] as const));
  }

  /** Every machine of a group the user may see, in IP order. */
  private machines(
    credentials: BackstageCredentials,
    group: string,
  ): Promise<Machine[]> {
    return this.registry(() =>
      this.deps.machines.list({ group }, { credentials }),
    );
  }

  /** The registry's refusal, said about the run's targets. */
  private async registry<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      if (error instanceof NotAllowedError) {
        throw new NotAllowedError('targets: you may not see machines');
      }
      if (error instanceof ServiceUnavailableError) {
        throw new ServiceUnavailableError(`targets: ${error.message}`);
      }
      throw error;
    }
  }
}

function target(machine: Machine, role?: NodeRole): RunTarget {
  const meta: RunTargetMeta = {
    machineId: machine.id,
    ip: machine.ip,
    hostname: machine.hostname,
    sshPort: machine.sshPort,
    sshUser: machine.sshUser,
    hostKeyFingerprint: machine.hostKeyFingerprint,
    ...(role ? { role } : {}),
  };
  return {
    key: machine.id,
    label: `${machine.hostname} (${machine.ip})`,
    meta,
  };
}
