import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  Inventory,
  InventoryUnreadyMachine,
  parseVariables,
  ResolvedInventoryView,
} from '@opssight/plugin-automation-common';
import { callPluginApi } from '@opssight/plugin-http-node';
import { MachinesService } from '@opssight/plugin-machines-node';
import { RunDirectories } from '@opssight/plugin-runner-node';
import { AnsibleInventory } from '../ansible/runPlaybook';
import {
  resolveRegistryInventory,
  ResolvedInventory,
} from '../inventory/registryInventory';
import {
  parseStaticInventory,
  resolveStaticInventory,
} from '../inventory/staticInventory';

/** What an inventory reads of a cluster (the clusters API's `Cluster`). */
export type InventoryCluster = {
  id: string;
  name: string;
  loadBalancerIp: string | null;
  nodes: Array<{
    ip: string;
    role: 'master' | 'worker';
    /** null: no machine is registered at the node's IP any more. */
    machineId: string | null;
  }>;
};

/** The clusters plugin, as inventories see it. */
export interface ClusterSource {
  /** The cluster as the user sees it; NotFoundError when there is none. */
  get(
    clusterId: string,
    credentials: BackstageCredentials,
  ): Promise<InventoryCluster>;
}

/**
 * The clusters plugin's API (`GET /api/clusters/clusters/{id}`) on behalf of
 * the user, so the clusters plugin's permissions and audit trail apply.
 */
export function clustersApi(deps: {
  auth: AuthService;
  discovery: DiscoveryService;
}): ClusterSource {
  return {
    get: (clusterId, credentials) =>
      callPluginApi<InventoryCluster>({
        ...deps,
        pluginId: 'clusters',
        method: 'GET',
        path: `/clusters/${encodeURIComponent(clusterId)}`,
        credentials,
        timeoutMs: 30_000,
      }),
  };
}

/** Kubespray's API server port behind an external load balancer. */
const APISERVER_PORT = 6443;

export type InventoryDefinition = Pick<
  Inventory,
  'source' | 'vars' | 'groupVars' | 'hostVars'
>;

export interface ResolveDeps {
  machines: MachinesService;
  clusters: ClusterSource;
  directories: RunDirectories;
}

/** A resolved inventory, with the cluster nodes that have no registered machine. */
export type FullyResolvedInventory = ResolvedInventory & {
  unregistered: InventoryUnreadyMachine[];
};

/**
 * Ansible's message without the run directory's path. Ansible wraps its
 * lines at 80 columns, breaking long paths at hyphens or anywhere, so the
 * path reaches the message in pieces with spaces between them
 * (`…-runs/inventory-1a2b/static- inventory.ini:3:`), its start perhaps on a
 * line left out. Every piece of it goes; a line number after the file is
 * kept as `line 3:`.
 */
export function withoutPath(message: string, path: string): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    let cut = 0;
    for (
      let k = path.indexOf(message[i]);
      k !== -1;
      k = path.indexOf(message[i], k + 1)
    ) {
      let m = i;
      let p = k;
      while (m < message.length && p < path.length) {
        if (message[m] === path[p]) {
          m++;
          p++;
        } else if (message[m] === ' ') {
          m++;
        } else {
          break;
        }
      }
      while (message[m - 1] === ' ') m--;
      const piece = path.slice(k, p);
      const isPath =
        piece.length >= 6 && (piece.includes('/') || p === path.length);
      if (isPath && m - i > cut) cut = m - i;
    }
    if (cut) {
      i += cut;
      const line = /^:(\d+):/.exec(message.slice(i));
      if (line) {
        out += `line ${line[1]}:`;
        i += line[0].length;
      }
    } else {
      out += message[i];
      i++;
    }
  }
  return out;
}

/** `inventory: …` from the inventory helpers, as the API names the field. */
function renamed(
  error: unknown,
  from: string,
  to: string,
  clean: (message: string) => string = m => m,
): unknown {
  if (error instanceof InputError && error.message.startsWith(`${from}: `)) {
    return new InputError(
      `${to}: ${clean(error.message.slice(from.length + 2))}`,
    );
  }
  return error;
}

/**
 * The inventory as it is right now, as `credentials` see the registry (and
 * the clusters): hosts a run would reach, with the variables of the
 * inventory laid over those of its source. A source that cannot resolve
 * (static text Ansible refuses, an unregistered host, an unknown cluster or
 * machine) is an InputError naming its field under `source`.
 */
export async function resolveInventory(
  definition: InventoryDefinition,
  deps: ResolveDeps,
  credentials: BackstageCredentials,
): Promise<FullyResolvedInventory> {
  const options = { credentials };
  const { source } = definition;
  let resolved: ResolvedInventory;
  const unregistered: InventoryUnreadyMachine[] = [];
  if (source.kind === 'static') {
    const directory = await deps.directories.create('inventory');
    try {
      const listing = await parseStaticInventory(
        source.text,
        source.format,
        directory,
      );
      resolved = await resolveStaticInventory(listing, deps.machines, options);
    } catch (error) {
      throw renamed(error, 'inventory', 'source.text', message =>
        withoutPath(
          message,
          directory.resolve(
            `static-inventory.${source.format === 'yaml' ? 'yml' : 'ini'}`,
          ),
        ),
      );
    } finally {
      await directory.remove();
    }
  } else {
    const cluster = source.clusterId
      ? await deps.clusters.get(source.clusterId, credentials).catch(error => {
          throw error instanceof NotFoundError
            ? new InputError(
                'source.clusterId: no such cluster (deleted, or not visible to you)',
              )
            : error;
        })
      : undefined;
    const nodeMachineIds = (cluster?.nodes ?? []).flatMap(n =>
      n.machineId ? [n.machineId] : [],
    );
    const nodeMachines = nodeMachineIds.length
      ? await deps.machines.getMany(nodeMachineIds, options)
      : [];
    const found = new Set(nodeMachines.map(m => m.id));
    for (const node of cluster?.nodes ?? []) {
      if (!node.machineId || !found.has(node.machineId)) {
        unregistered.push({
          machineId: node.machineId ?? '',
          hostname: '',
          address: node.ip,
          problem: `node of cluster ${
            cluster!.name
          } is not in the registry (or not visible to you)`,
        });
      }
    }
    resolved = await resolveRegistryInventory(
      {
        groups: source.groups,
        tags: source.tags,
        machineIds: [...new Set([...source.machineIds, ...found])],
      },
      deps.machines,
      options,
    ).catch(error => {
      throw renamed(error, 'machineIds', 'source.machineIds');
    });
    if (cluster) addKubesprayGroups(resolved.inventory, cluster);
  }
  return {
    inventory: withVariables(resolved.inventory, definition),
    unready: resolved.unready,
    unregistered,
  };
}

/**
 * A cluster's nodes in Kubespray's groups (control plane and etcd on the
 * masters, as in Kubespray's sample inventory; the workers in kube_node, or
 * the masters when there are none) and its load balancer as variables.
 */
function addKubesprayGroups(
  inventory: AnsibleInventory,
  cluster: InventoryCluster,
): void {
  const nameOf = new Map(inventory.hosts.map(h => [h.machineId, h.name]));
  const names = (role: 'master' | 'worker') =>
    cluster.nodes.flatMap(n =>
      n.role === role && n.machineId && nameOf.has(n.machineId)
        ? [nameOf.get(n.machineId)!]
        : [],
    );
  const masters = names('master');
  const hasWorkers = cluster.nodes.some(n => n.role === 'worker');
  const groups = (inventory.groups ??= {});
  const join = (group: string, hosts: string[], children?: string[]) => {
    const current = groups[group];
    groups[group] = {
      ...current,
      hosts: [...new Set([...(current?.hosts ?? []), ...hosts])],
      ...(children
        ? {
            children: [...new Set([...(current?.children ?? []), ...children])],
          }
        : {}),
    };
  };
  join('kube_control_plane', masters);
  join('kube_node', hasWorkers ? names('worker') : masters);
  join('etcd', masters);
  join('k8s_cluster', [], ['kube_control_plane', 'kube_node']);
  if (cluster.loadBalancerIp) {
    inventory.vars = {
      loadbalancer_apiserver: {
        address: cluster.loadBalancerIp,
        port: APISERVER_PORT,
      },
      apiserver_loadbalancer_domain_name: cluster.loadBalancerIp,
      loadbalancer_apiserver_localhost: false,
      ...inventory.vars,
    };
  }
}

/** Variables text already checked on save; this only reads it. */
function variablesOf(text: string, field: string): JsonObject {
  const result = parseVariables(text, field);
  if ('problem' in result) throw new InputError(result.problem);
  return result.vars as JsonObject;
}

/** The inventory's own variables over those its source brings. */
function withVariables(
  inventory: AnsibleInventory,
  definition: InventoryDefinition,
): AnsibleInventory {
  const vars = { ...inventory.vars, ...variablesOf(definition.vars, 'vars') };
  const groups = { ...inventory.groups };
  for (const [group, text] of Object.entries(definition.groupVars)) {
    const current = groups[group] ?? { hosts: [] };
    groups[group] = {
      ...current,
      vars: { ...current.vars, ...variablesOf(text, `groupVars.${group}`) },
    };
  }
  const hosts = inventory.hosts.map(host => {
    const text = definition.hostVars[host.name];
    return text === undefined
      ? host
      : {
          ...host,
          vars: { ...host.vars, ...variablesOf(text, `hostVars.${host.name}`) },
        };
  });
  return {
    hosts,
    groups,
    ...(Object.keys(vars).length ? { vars } : {}),
  };
}

/**
 * What the preview shows: each group's hosts (those of its child groups
 * included), each host's address, and the machines a run would leave out.
 */
export function resolvedView(
  resolved: FullyResolvedInventory,
): ResolvedInventoryView {
  const groups = resolved.inventory.groups ?? {};
  const members = (group: string, seen: Set<string>): string[] => {
    if (seen.has(group)) return [];
    seen.add(group);
    const entry = groups[group];
    return [
      ...(entry?.hosts ?? []),
      ...(entry?.children ?? []).flatMap(child => members(child, seen)),
    ];
  };
  return {
    groups: Object.fromEntries(
      Object.keys(groups)
        .sort()
        .map(group => [
          group,
          {
            hosts: [...new Set(members(group, new Set()))].sort(),
            children: [...(groups[group].children ?? [])].sort(),
          },
        ]),
    ),
    hosts: resolved.inventory.hosts
      .map(h => ({
        name: h.name,
        address: h.address,
        port: h.port,
        user: h.user ?? null,
        machineId: h.machineId,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    unready: [...resolved.unready, ...resolved.unregistered],
  };
}
