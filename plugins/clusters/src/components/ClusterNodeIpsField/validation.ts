import type { ApiHolder } from '@backstage/frontend-plugin-api';
import { checkIpLists } from '@opssight/plugin-clusters-common';
import { isValidHostname } from '@opssight/plugin-machines-common';
import { clustersApiRef } from '../../api';
import { errorMessage } from '@opssight/plugin-api-react';
import {
  entryLabel,
  validNodeIps,
  type NodeIpLists,
} from '../NodeIpListsEditor';

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

/** The `ClusterNodeIps` field's validation: blocks Next while the lists have problems. */
export async function validateClusterNodeIps(
  value: NodeIpLists | undefined,
  field: { addError(message: string): unknown },
  context: { apiHolder: Pick<ApiHolder, 'get'> },
): Promise<void> {
  const api = context.apiHolder.get(clustersApiRef);
  const problems = await nodeIpListsProblems(
    value,
    api ? ips => api.lookupIps(ips) : undefined,
  );
  for (const problem of problems) {
    field.addError(problem);
  }
}
