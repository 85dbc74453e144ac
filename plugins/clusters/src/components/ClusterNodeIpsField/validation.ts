import { checkIpLists } from '@opssight/plugin-clusters-common';
import { isValidHostname } from '@opssight/plugin-machines-common';
import { clustersApiRef } from '../../api';
import { errorMessage } from '@opssight/plugin-api-react';
import {
  entryLabel,
  validNodeIps,
  type NodeIpLists,
} from '../NodeIpListsEditor';
import type { FieldValidator } from '../fieldValidator';

/**
 * Why the IP lists cannot make a cluster yet, one message per problem:
 * entries that are no IP or are listed twice, no master, IPs to register
 * without a host name, and IPs that are not registered machines and that the
 * user chose not to register (only machines can be nodes). The last needs the
 * registry: `lookup` asks it.
 */
export async function nodeIpListsProblems(
  value: Partial<NodeIpLists> | undefined,
  lookup?: (ips: string[]) => Promise<{ ip: string; machine: unknown }[]>,
): Promise<string[]> {
  const masters = value?.masters ?? [];
  const workers = value?.workers ?? [];
  const register = value?.register ?? [];
  const problems = Object.entries(checkIpLists(masters, workers)).map(
    ([path, problem]) =>
      path.includes('.')
        ? `${entryLabel(path)}: ${problem}`
        : `${path}: ${problem}`,
  );
  for (const { ip, hostname } of register) {
    if (!isValidHostname((hostname ?? '').trim())) {
      problems.push(
        hostname?.trim()
          ? `${ip}: '${hostname.trim()}' is not a valid host name to register it under`
          : `${ip}: enter the host name to register it under`,
      );
    }
  }
  const ips = validNodeIps({ masters, workers });
  if (lookup && ips.length > 0) {
    const registering = new Set(register.map(r => r.ip));
    try {
      for (const found of await lookup(ips)) {
        if (!found.machine && !registering.has(found.ip)) {
          problems.push(
            `${found.ip} is not a registered machine: register it, or remove it`,
          );
        }
      }
    } catch (e) {
      problems.push(
        `Could not check the IPs against the machine registry: ${errorMessage(
          e,
        )}`,
      );
    }
  }
  return problems;
}

/**
 * The `ClusterNodeIps` field's validation: blocks Next while the lists have
 * problems. The field shows each problem at its entry; the form's list at the
 * top gets one line that points there, so no problem is read twice (the
 * template sets `ui:hideError`, so the form lists nothing under the field).
 */
export const validateClusterNodeIps: FieldValidator<NodeIpLists> = async (
  value,
  field,
  context,
) => {
  const api = context.apiHolder.get(clustersApiRef);
  const problems = await nodeIpListsProblems(
    value,
    api ? ips => api.lookupIps(ips) : undefined,
  );
  if (problems.length > 0) {
    field.addError(
      problems.length === 1
        ? 'has a problem: see the entry marked in red below'
        : `has ${problems.length} problems: see the entries marked in red below`,
    );
  }
};

/**
 * What the review step shows of the lists: one line per node, and the host
 * name a new machine will be registered under (`10.0.0.1 (new: web-1)`).
 */
export function nodeReviewLines(
  value: Pick<NodeIpLists, 'masters' | 'workers' | 'register'>,
): { mastersReview: string[]; workersReview: string[] } {
  const registering = new Map(
    (value.register ?? []).map(r => [r.ip, r.hostname]),
  );
  const line = (raw: string) => {
    const ip = (raw ?? '').trim();
    const hostname = registering.get(ip);
    return hostname ? `${ip} (new: ${hostname})` : ip;
  };
  return {
    mastersReview: (value.masters ?? []).map(line),
    workersReview: (value.workers ?? []).map(line),
  };
}
