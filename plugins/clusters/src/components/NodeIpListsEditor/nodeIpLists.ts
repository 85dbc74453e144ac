import type { IpLookup } from '@opssight/plugin-clusters-common';
import { normalizeIp } from '@opssight/plugin-machines-common';

/** An IP that is no machine of the registry yet, and the host name to register it under. */
export type NodeRegistration = { ip: string; hostname: string };

/** What the IP lists editor (and the scaffolder's `ClusterNodeIps` field) holds. */
export type NodeIpLists = {
  masters: string[];
  workers: string[];
  /** Unregistered IPs to register as machines before they become nodes. */
  register: NodeRegistration[];
};

export const EMPTY_NODE_IP_LISTS: NodeIpLists = {
  masters: [],
  workers: [],
  register: [],
};

/** What a user pastes: IPs separated by white space, commas, semicolons or new lines. */
export function splitIpText(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/** Every valid IP of both lists, normalized, each once, masters first. */
export function validNodeIps(lists: Pick<NodeIpLists, 'masters' | 'workers'>) {
  const ips = new Set<string>();
  for (const raw of [...lists.masters, ...lists.workers]) {
    const ip = normalizeIp(raw ?? '');
    if (ip) ips.add(ip);
  }
  return [...ips];
}

/**
 * The registrations the lists call for: each valid IP the registry does not
 * know (as far as looked up), unless the user declined to register it.
 */
export function nodeRegistrations(options: {
  lists: Pick<NodeIpLists, 'masters' | 'workers'>;
  lookups: ReadonlyMap<string, IpLookup>;
  declined: ReadonlySet<string>;
  hostnames: ReadonlyMap<string, string>;
}): NodeRegistration[] {
  const { lists, lookups, declined, hostnames } = options;
  return validNodeIps(lists)
    .filter(ip => {
      const found = lookups.get(ip);
      return !!found && !found.machine && !declined.has(ip);
    })
    .map(ip => ({ ip, hostname: (hostnames.get(ip) ?? '').trim() }));
}

export function sameRegistrations(
  a: readonly NodeRegistration[],
  b: readonly NodeRegistration[],
): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => r.ip === b[i].ip && r.hostname === b[i].hostname)
  );
}

/** `master 2`, `worker 1`: an entry as the problems name it. */
export function entryLabel(path: string): string {
  const [list, index] = path.split('.');
  if (index === undefined) return list;
  return `${list === 'masters' ? 'master' : 'worker'} ${Number(index) + 1}`;
}
