import {
  createApiFetcher,
  type ApiClientOptions,
} from '@opssight/plugin-api-react';
import type { AuditEntry, AuditEntryList } from '@opssight/plugin-audit-common';
import type {
  BulkRun,
  BulkRunList,
  Cluster,
  ClusterList,
  HealthState,
} from '@opssight/plugin-clusters-common';
import type {
  ConnectionResult,
  Machine,
  MachineList,
} from '@opssight/plugin-machines-common';
import type {
  RecordingList,
  TerminalRecording,
} from '@opssight/plugin-terminal-common';

/** How a machine's last connection test ended, in the words of the home page. */
export type MachineStatus =
  | 'ok'
  | 'hostkey'
  | 'auth'
  | 'unreachable'
  | 'failed'
  | 'never';

/** Statuses in the order the home page lists them: what needs attention first. */
export const MACHINE_STATUSES: MachineStatus[] = [
  'hostkey',
  'auth',
  'unreachable',
  'failed',
  'never',
  'ok',
];

export function machineStatus(check: ConnectionResult | null): MachineStatus {
  if (!check) return 'never';
  if (check.sshOk) return 'ok';
  switch (check.errorKind) {
    case 'hostkey':
      return 'hostkey';
    case 'auth':
      return 'auth';
    case 'dns':
    case 'refused':
    case 'timeout':
      return 'unreachable';
    default:
      return check.reachable ? 'failed' : 'unreachable';
  }
}

export type MachinesSummary = {
  total: number;
  /** How many machines were counted: all of them, up to MAX_MACHINES_COUNTED. */
  counted: number;
  byStatus: Record<MachineStatus, number>;
  /** Hostnames by machine id, for naming machines in other tiles. */
  names: Map<string, string>;
};

export type ClustersSummary = {
  total: number;
  byHealth: Record<HealthState, number>;
  /** Clusters that are not healthy, worst first. */
  attention: Cluster[];
};

const PAGE = 1000;
/** A home page counts at most this many machines (ten requests), then says so. */
export const MAX_MACHINES_COUNTED = 10 * PAGE;
const HEALTH_ORDER: HealthState[] = [
  'unhealthy',
  'degraded',
  'unknown',
  'healthy',
];

/** Audit actions the admins' tiles show (the auditor's event ids). */
export const SIGN_IN_ACTION = 'sign-in';
export const HOST_KEY_FORGET_ACTION = 'machine-host-key-forget';

/**
 * What the home page reads from the OpsSight backends, through their public
 * routes (the same contract as each plugin's own client), a few items each.
 */
export class OverviewClient {
  private readonly machines;
  private readonly clusters;
  private readonly terminal;
  private readonly audit;

  constructor(options: ApiClientOptions) {
    this.machines = createApiFetcher({ ...options, pluginId: 'machines' });
    this.clusters = createApiFetcher({ ...options, pluginId: 'clusters' });
    this.terminal = createApiFetcher({ ...options, pluginId: 'terminal' });
    this.audit = createApiFetcher({ ...options, pluginId: 'audit' });
  }

  async machinesSummary(): Promise<MachinesSummary> {
    const byStatus = Object.fromEntries(
      MACHINE_STATUSES.map(s => [s, 0]),
    ) as Record<MachineStatus, number>;
    const names = new Map<string, string>();
    let total = 0;
    let counted = 0;
    for (let offset = 0; offset < MAX_MACHINES_COUNTED; offset += PAGE) {
      const page = await this.machines.json<MachineList>('/machines', {
        query: { limit: PAGE, offset },
      });
      total = page.totalCount;
      page.items.forEach((machine: Machine) => {
        byStatus[machineStatus(machine.lastCheck)] += 1;
        names.set(machine.id, machine.hostname || machine.ip);
      });
      counted += page.items.length;
      if (page.items.length < PAGE || counted >= total) break;
    }
    return { total, counted, byStatus, names };
  }

  async clustersSummary(): Promise<ClustersSummary> {
    const list = await this.clusters.json<ClusterList>('/clusters', {
      query: { limit: 500 },
    });
    const byHealth = Object.fromEntries(
      HEALTH_ORDER.map(s => [s, 0]),
    ) as Record<HealthState, number>;
    list.items.forEach(c => {
      byHealth[c.health.state] += 1;
    });
    const attention = list.items
      .filter(
        c => c.health.state === 'unhealthy' || c.health.state === 'degraded',
      )
      .sort(
        (a, b) =>
          HEALTH_ORDER.indexOf(a.health.state) -
          HEALTH_ORDER.indexOf(b.health.state),
      );
    return { total: list.totalCount, byHealth, attention };
  }

  async recentRuns(limit = 5): Promise<{ items: BulkRun[]; total: number }> {
    const list = await this.clusters.json<BulkRunList>('/runs', {
      query: { limit },
    });
    return { items: list.items, total: list.totalCount };
  }

  async mySessions(
    userEntityRef: string,
    limit = 5,
  ): Promise<TerminalRecording[]> {
    const list = await this.terminal.json<RecordingList>('/recordings', {
      query: { user: userEntityRef, limit },
    });
    return list.items;
  }

  async auditEntries(
    query: { action: string; outcome?: string },
    limit = 5,
  ): Promise<AuditEntry[]> {
    const list = await this.audit.json<AuditEntryList>('/entries', {
      query: { ...query, limit },
    });
    return list.items;
  }
}
