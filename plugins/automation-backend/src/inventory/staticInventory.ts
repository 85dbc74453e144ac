import { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { Machine } from '@opssight/plugin-machines-common';
import {
  MachinesRequestOptions,
  MachinesService,
} from '@opssight/plugin-machines-node';
import { RunDirectory, runProcess } from '@opssight/plugin-runner-node';
import { isIP } from 'node:net';
import { AnsibleHost, AnsibleInventory } from '../ansible/runPlaybook';
import { machineHost, UnreadyMachine } from './registryInventory';

export type StaticInventoryFormat = 'yaml' | 'ini';

type GroupListing = {
  hosts?: string[];
  children?: string[];
  vars?: JsonObject;
};

/** What `ansible-inventory --list --export` makes of an inventory. */
type InventoryListing = {
  _meta?: { hostvars?: Record<string, JsonObject> };
} & { [group: string]: GroupListing | undefined };

/** Connection variables the registry decides, whatever the inventory text says. */
const REGISTRY_VARS = [
  'ansible_host',
  'ansible_port',
  'ansible_ssh_host',
  'ansible_ssh_port',
  'ansible_ssh_extra_args',
  'ansible_ssh_common_args',
  'ansible_ssh_args',
  'ansible_connection',
  'ansible_ssh_private_key_file',
  'ansible_private_key_file',
  'ansible_ssh_pass',
  'ansible_password',
];

const PARSE_TIMEOUT_MS = 30_000;

/**
 * Parses a static inventory (YAML or INI text) the way Ansible does, by
 * running `ansible-inventory --list` on it in a run directory with only the
 * yaml and ini inventory plugins enabled (no scripts, no dynamic plugins).
 * Problems are 400s naming `inventory`.
 */
export async function parseStaticInventory(
  text: string,
  format: StaticInventoryFormat,
  directory: RunDirectory,
): Promise<InventoryListing> {
  const file = await directory.writeFile(
    format === 'yaml' ? 'static-inventory.yml' : 'static-inventory.ini',
    text,
  );
  let out = '';
  let err = '';
  const result = await runProcess({
    runId: directory.id,
    command: 'ansible-inventory',
    args: ['-i', file, '--list', '--export'],
    cwd: directory.path,
    env: {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: directory.path,
      LANG: 'C.UTF-8',
      ANSIBLE_INVENTORY_ENABLED: format === 'yaml' ? 'yaml' : 'ini',
      ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true',
      ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'true',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_LOCAL_TEMP: directory.resolve('tmp'),
    },
    onStdout: t => {
      out += t;
    },
    onStderr: t => {
      err += t;
    },
    signal: AbortSignal.timeout(PARSE_TIMEOUT_MS),
  });
  if (result.exitCode !== 0) {
    const why = err
      .split('\n')
      .map(l => l.replace(/^\[WARNING\]:\s*|^ERROR!\s*/, '').trim())
      .filter(l => l && !l.startsWith('*'))
      .map(l => l.split(directory.path).join(''))
      .slice(0, 3)
      .join(' ');
    throw new InputError(
      `inventory: not a valid ${format.toUpperCase()} inventory${
        why ? ` (${why})` : ''
      }`,
    );
  }
  return JSON.parse(out) as InventoryListing;
}

/**
 * A static inventory as a run's inventory: every host must be a registered
 * machine (by its `ansible_host`, or its name, being the machine's IP or
 * hostname); the registry decides address, port, user and pinned key.
 * Unregistered hosts are refused (a 400 naming them); registered machines
 * without a pinned key are listed as unready.
 */
export async function resolveStaticInventory(
  listing: InventoryListing,
  machines: MachinesService,
  options: MachinesRequestOptions,
): Promise<{ inventory: AnsibleInventory; unready: UnreadyMachine[] }> {
  const hostvars = listing._meta?.hostvars ?? {};
  const groupEntries = Object.entries(listing).filter(
    (entry): entry is [string, GroupListing] =>
      entry[0] !== '_meta' && entry[1] !== undefined,
  );
  const names = new Set<string>(Object.keys(hostvars));
  for (const [, group] of groupEntries) group.hosts?.forEach(h => names.add(h));

  const addressOf = (name: string) => {
    const declared =
      hostvars[name]?.ansible_host ?? hostvars[name]?.ansible_ssh_host;
    return typeof declared === 'string' ? declared : name;
  };
  const ips = [...names].map(addressOf).filter(a => isIP(a));
  const byIp = new Map(
    (ips.length ? await machines.findByIps(ips, options) : []).map(m => [
      m.ip,
      m,
    ]),
  );
  const needHostnames = [...names].some(n => !isIP(addressOf(n)));
  const byHostname = new Map<string, Machine[]>();
  if (needHostnames) {
    for (const machine of await machines.list({}, options)) {
      byHostname.set(machine.hostname, [
        ...(byHostname.get(machine.hostname) ?? []),
        machine,
      ]);
    }
  }

  const hosts: AnsibleHost[] = [];
  const unready: UnreadyMachine[] = [];
  const unregistered: string[] = [];
  for (const name of names) {
    const address = addressOf(name);
    const candidates = isIP(address)
      ? [byIp.get(address)]
      : byHostname.get(address) ?? [];
    const machine = candidates.length === 1 ? candidates[0] : undefined;
    if (!machine) {
      unregistered.push(address === name ? name : `${name} (${address})`);
      continue;
    }
    const vars = Object.fromEntries(
      Object.entries(hostvars[name] ?? {}).filter(
        ([k]) => !REGISTRY_VARS.includes(k),
      ),
    );
    const user =
      typeof vars.ansible_user === 'string' ? vars.ansible_user : null;
    const entry = machineHost(machine, name, { user, vars });
    if ('unready' in entry) unready.push(entry.unready);
    else hosts.push(entry.host);
  }
  unregistered.sort();
  if (unregistered.length > 0) {
    throw new InputError(
      `inventory: only registered machines can be in an inventory; not registered: ${unregistered
        .slice(0, 10)
        .join(', ')}${
        unregistered.length > 10 ? ` and ${unregistered.length - 10} more` : ''
      }`,
    );
  }
  const ready = new Set(hosts.map(h => h.name));
  const groups: NonNullable<AnsibleInventory['groups']> = {};
  for (const [name, group] of groupEntries) {
    if (name === 'all' || name === 'ungrouped') continue;
    groups[name] = {
      hosts: (group.hosts ?? []).filter(h => ready.has(h)),
      ...(group.children?.length
        ? { children: group.children.filter(c => c !== 'ungrouped') }
        : {}),
      ...(group.vars ? { vars: group.vars } : {}),
    };
  }
  const allVars = listing.all?.vars;
  return {
    inventory: { hosts, groups, ...(allVars ? { vars: allVars } : {}) },
    unready,
  };
}
