import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { Machine, MachineList } from '@opssight/plugin-machines-common';
import { MachinesByIp, MachineSnapshot } from '../database/ClustersStore';

/** The machines API's largest page. */
const PAGE_SIZE = 1000;
/** Above this many IPs, one pass over the whole registry beats a search per IP. */
const SEARCH_PER_IP_UP_TO = 20;
const CONCURRENCY = 8;

export function snapshotOf(machine: Machine): MachineSnapshot {
  return {
    id: machine.id,
    hostname: machine.hostname,
    hostKeyPinned: machine.hostKeyFingerprint !== null,
  };
}

/**
 * The machine registry, through its API (`/api/machines`), on behalf of the
 * caller: the machines plugin decides what they may see. The API has no
 * lookup by IP, so a few IPs are searched one by one (`?q=<ip>`, exact match
 * kept) and many by paging through every machine.
 */
export class MachineRegistry {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  /** The registered machines at these IPs (IPs without one are absent). */
  async machinesAt(
    ips: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Machine>> {
    const wanted = [...new Set(ips)];
    const found = new Map<string, Machine>();
    if (!wanted.length) return found;
    const call = await this.caller(credentials);
    if (wanted.length > SEARCH_PER_IP_UP_TO) {
      const set = new Set(wanted);
      for (const machine of await this.all(call)) {
        if (set.has(machine.ip)) found.set(machine.ip, machine);
      }
      return found;
    }
    let next = 0;
    const worker = async () => {
      while (next < wanted.length) {
        const ip = wanted[next++];
        const match = (await this.all(call, ip)).find(m => m.ip === ip);
        if (match) found.set(ip, match);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, wanted.length) }, worker),
    );
    return found;
  }

  /** {@link MachineRegistry.machinesAt}, as the store keeps them. */
  async snapshotsAt(
    ips: string[],
    credentials: BackstageCredentials,
  ): Promise<MachinesByIp> {
    const machines = await this.machinesAt(ips, credentials);
    return new Map([...machines].map(([ip, m]) => [ip, snapshotOf(m)]));
  }

  private async all(
    call: (path: string) => Promise<MachineList>,
    q?: string,
  ): Promise<Machine[]> {
    const machines: Machine[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const params = new URLSearchParams({
        limit: String(PAGE_SIZE),
        offset: String(offset),
        orderBy: 'ip',
      });
      if (q) params.set('q', q);
      const page = await call(`/machines?${params}`);
      machines.push(...page.items);
      if (page.items.length < PAGE_SIZE || machines.length >= page.totalCount) {
        return machines;
      }
    }
  }

  private async caller(credentials: BackstageCredentials) {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'machines',
    });
    const baseUrl = await this.deps.discovery.getBaseUrl('machines');
    return async (path: string): Promise<MachineList> => {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        throw new ServiceUnavailableError(
          `Could not reach the machine registry: ${(error as Error).message}`,
        );
      }
      if (response.status === 403) {
        throw new NotAllowedError(
          'You may not see the machine registry, which a cluster is made of',
        );
      }
      if (!response.ok) {
        throw new ServiceUnavailableError(
          `The machine registry answered HTTP ${response.status}`,
        );
      }
      return (await response.json()) as MachineList;
    };
  }
}
