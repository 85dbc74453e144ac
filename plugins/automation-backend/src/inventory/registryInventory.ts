import { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { Machine } from '@opssight/plugin-machines-common';
import {
  MachinesRequestOptions,
  MachinesService,
} from '@opssight/plugin-machines-node';
import { AnsibleHost, AnsibleInventory } from '../ansible/runPlaybook';

/**
 * An inventory drawn live from the machine registry: machine groups, tags and
 * single machines. Each registry group becomes an Ansible group of the same
 * name (characters Ansible does not allow in a group name become `_`); each
 * tag a group `tag_<tag>`.
 */
export type RegistryInventorySpec = {
  groups?: string[];
  tags?: string[];
  machineIds?: string[];
  /** Variables for `all`, for a group, for a host (by inventory name). */
  vars?: JsonObject;
  groupVars?: Record<string, JsonObject>;
  hostVars?: Record<string, JsonObject>;
};

/** A machine that cannot be in a run yet, and why (for the UI: "test it to pin its key"). */
export type UnreadyMachine = {
  machineId: string;
  hostname: string;
  address: string;
  problem: 'no pinned host key';
};

export type ResolvedInventory = {
  inventory: AnsibleInventory;
  /** Machines the spec names that a run would refuse. */
  unready: UnreadyMachine[];
};

/**
 * A registered machine as an inventory host named `name`, or why it cannot be
 * one yet. The registry decides where to connect and which key to expect.
 */
export function machineHost(
  machine: Machine,
  name: string,
  options: { user?: string | null; vars?: JsonObject } = {},
): { host: AnsibleHost } | { unready: UnreadyMachine } {
  if (!machine.hostPublicKey) {
    return {
      unready: {
        machineId: machine.id,
        hostname: machine.hostname,
        address: machine.ip,
        problem: 'no pinned host key',
      },
    };
  }
  const vars = options.vars ?? {};
  return {
    host: {
      name,
      machineId: machine.id,
      address: machine.ip,
      port: machine.sshPort,
      user: options.user ?? (machine.sshUser || null),
      hostPublicKey: machine.hostPublicKey,
      ...(Object.keys(vars).length ? { vars } : {}),
    },
  };
}

/** Ansible's rule for group names: letters, digits and underscores, not starting with a digit. */
export function ansibleGroupName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(safe) ? `_${safe}` : safe;
}

/**
 * Resolves the spec against the registry as the user sees it now, with the
 * caller's credentials (the machines plugin applies its own permissions).
 * `inventory_hostname` is the machine's hostname (`hostname_ip` where two
 * machines share a hostname), `ansible_host` its IP.
 */
export async function resolveRegistryInventory(
  spec: RegistryInventorySpec,
  machines: MachinesService,
  options: MachinesRequestOptions,
): Promise<ResolvedInventory> {
  const members = new Map<string, Machine>();
  const groups = new Map<string, Set<string>>();
  const join = (group: string, found: Machine[]) => {
    const ids = groups.get(group) ?? new Set<string>();
    groups.set(group, ids);
    for (const machine of found) {
      members.set(machine.id, machine);
      ids.add(machine.id);
    }
  };
  for (const group of spec.groups ?? []) {
    join(ansibleGroupName(group), await machines.list({ group }, options));
  }
  for (const tag of spec.tags ?? []) {
    join(ansibleGroupName(`tag_${tag}`), await machines.list({ tag }, options));
  }
  if (spec.machineIds?.length) {
    const found = await machines.getMany(spec.machineIds, options);
    const missing = spec.machineIds.filter(id => !found.some(m => m.id === id));
    if (missing.length > 0) {
      throw new InputError(
        `machineIds: ${missing.length} of the machines are not in the registry (or not visible to you)`,
      );
    }
    for (const machine of found) members.set(machine.id, machine);
  }

  const names = inventoryNames([...members.values()]);
  const hosts: AnsibleHost[] = [];
  const unready: UnreadyMachine[] = [];
  for (const machine of members.values()) {
    const name = names.get(machine.id)!;
    const entry = machineHost(machine, name, { vars: spec.hostVars?.[name] });
    if ('unready' in entry) unready.push(entry.unready);
    else hosts.push(entry.host);
  }
  const ready = new Set(hosts.map(h => h.machineId));
  const inventory: AnsibleInventory = {
    hosts,
    groups: Object.fromEntries(
      [...groups.entries()].map(([group, ids]) => [
        group,
        {
          hosts: [...ids].filter(id => ready.has(id)).map(id => names.get(id)!),
          ...(spec.groupVars?.[group] ? { vars: spec.groupVars[group] } : {}),
        },
      ]),
    ),
    ...(spec.vars ? { vars: spec.vars } : {}),
  };
  return { inventory, unready };
}

/** Hostnames, made unique where two machines share one. */
function inventoryNames(machines: Machine[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const m of machines)
    count.set(m.hostname, (count.get(m.hostname) ?? 0) + 1);
  return new Map(
    machines.map(m => [
      m.id,
      count.get(m.hostname)! > 1 ? `${m.hostname}_${m.ip}` : m.hostname,
    ]),
  );
}
