import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { callPluginApi } from '@opssight/plugin-http-node';
import {
  ipSortKey,
  knownHostsLine,
  Machine,
  MachineInput,
  MachineList,
} from '@opssight/plugin-machines-common';

/**
 * On whose behalf the registry is asked: the user of the request being
 * handled (their permissions apply), or the calling plugin's own service
 * credentials (`auth.getOwnServiceCredentials()`) for work no user is
 * present for.
 *
 * @public
 */
export type MachinesRequestOptions = {
  credentials: BackstageCredentials;
};

/**
 * Which machines {@link MachinesService.list} answers: all of them, or those
 * in a group and/or with a tag (by name).
 *
 * @public
 */
export type MachineFilter = {
  group?: string;
  tag?: string;
};

/**
 * Where to open an SSH connection to a machine, and which host key to expect.
 *
 * @public
 */
export type MachineSshTarget = {
  machineId: string;
  hostname: string;
  /** The machine's IP address. */
  address: string;
  port: number;
  /** The machine's SSH user; `null` to log in as the credential's username. */
  user: string | null;
  /** The pinned host key (`SHA256:…`); `null` until a connection test pins it. */
  hostKeyFingerprint: string | null;
  /** The pinned host key in OpenSSH text form (`ssh-ed25519 AAAA…`), once kept. */
  hostPublicKey: string | null;
  /** `address key` (port 22) or `[address]:port key`, for an OpenSSH client's known_hosts. */
  knownHostsLine: string | null;
};

/**
 * The machine registry for backend plugins: the one way to read and register
 * machines from another plugin. Every call acts on behalf of `credentials`,
 * so the machines plugin's permissions and audit apply.
 *
 * Rejects with the error the registry's answer stands for: `NotFoundError`,
 * `NotAllowedError` (the caller may not), `InputError` (a bad field, named),
 * `ConflictError` (an IP already registered), or `ServiceUnavailableError`
 * when the registry cannot be reached or fails.
 *
 * @public
 */
export interface MachinesService {
  /** One machine; `NotFoundError` when there is none with this id. */
  get(id: string, options: MachinesRequestOptions): Promise<Machine>;
  /**
   * The machines with these ids, in the order asked (each once); ids
   * without a machine are left out. Any number of ids, looked up in a few
   * requests, not by listing the registry.
   */
  getMany(ids: string[], options: MachinesRequestOptions): Promise<Machine[]>;
  /**
   * The machines at these IPs (exact matches, each once), in the order
   * asked; IPs without a machine are left out.
   */
  findByIps(ips: string[], options: MachinesRequestOptions): Promise<Machine[]>;
  /** Every machine (in a group, with a tag), in IP order. */
  list(
    filter: MachineFilter,
    options: MachinesRequestOptions,
  ): Promise<Machine[]>;
  /**
   * Registers a machine as the caller (audited by the machines plugin);
   * `ConflictError` naming the holder when its IP is already registered.
   */
  create(
    input: MachineInput,
    options: MachinesRequestOptions,
  ): Promise<Machine>;
  /** Where to connect to a machine over SSH and which host key to expect. */
  sshTarget(
    id: string,
    options: MachinesRequestOptions,
  ): Promise<MachineSshTarget>;
}

/** The registry's limit on one lookup, and its largest page. */
const BATCH = 1000;
const TIMEOUT_MS = 15_000;

/**
 * A machine as a {@link MachineSshTarget}.
 *
 * @public
 */
export function sshTargetOf(machine: Machine): MachineSshTarget {
  return {
    machineId: machine.id,
    hostname: machine.hostname,
    address: machine.ip,
    port: machine.sshPort,
    user: machine.sshUser || null,
    hostKeyFingerprint: machine.hostKeyFingerprint,
    hostPublicKey: machine.hostPublicKey,
    knownHostsLine: knownHostsLine(machine) ?? null,
  };
}

/** Machines in IP order, as the registry sorts them. */
export function byIp(a: Machine, b: Machine): number {
  return (
    ipSortKey(a.ip).localeCompare(ipSortKey(b.ip)) || a.id.localeCompare(b.id)
  );
}

/**
 * The {@link MachinesService} that asks the machines plugin over HTTP, with
 * a plugin token on behalf of the caller.
 *
 * @public
 */
export class DefaultMachinesService implements MachinesService {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): DefaultMachinesService {
    return new DefaultMachinesService(options.discovery, options.auth);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  get(id: string, options: MachinesRequestOptions): Promise<Machine> {
    return this.request<Machine>(
      'GET',
      `/machines/${encodeURIComponent(id)}`,
      options,
    );
  }

  getMany(ids: string[], options: MachinesRequestOptions): Promise<Machine[]> {
    return this.lookup('ids', ids, options);
  }

  findByIps(
    ips: string[],
    options: MachinesRequestOptions,
  ): Promise<Machine[]> {
    return this.lookup('ips', ips, options);
  }

  async list(
    filter: MachineFilter,
    options: MachinesRequestOptions,
  ): Promise<Machine[]> {
    const machines: Machine[] = [];
    for (let offset = 0; ; offset += BATCH) {
      // By creation, so machines added meanwhile land on later pages instead of shifting earlier ones.
      const query = new URLSearchParams({
        limit: String(BATCH),
        offset: String(offset),
        orderBy: 'createdAt',
      });
      if (filter.group !== undefined) query.set('group', filter.group);
      if (filter.tag !== undefined) query.set('tag', filter.tag);
      const page = await this.request<MachineList>(
        'GET',
        `/machines?${query}`,
        options,
      );
      machines.push(...page.items);
      if (page.items.length < BATCH || machines.length >= page.totalCount) {
        const unique = new Map(machines.map(m => [m.id, m]));
        return [...unique.values()].sort(byIp);
      }
    }
  }

  create(
    input: MachineInput,
    options: MachinesRequestOptions,
  ): Promise<Machine> {
    return this.request<Machine>('POST', '/machines', options, input);
  }

  async sshTarget(
    id: string,
    options: MachinesRequestOptions,
  ): Promise<MachineSshTarget> {
    return sshTargetOf(await this.get(id, options));
  }

  /** The machines `values` name (ids or IPs), once each, in the order named; unknown ones left out. */
  private async lookup(
    field: 'ids' | 'ips',
    values: string[],
    options: MachinesRequestOptions,
  ): Promise<Machine[]> {
    const wanted = [...new Set(values)];
    const found = new Map<string, Machine>();
    for (let i = 0; i < wanted.length; i += BATCH) {
      const { items } = await this.request<{ items: Machine[] }>(
        'POST',
        '/machines/lookup',
        options,
        { [field]: wanted.slice(i, i + BATCH) },
      );
      items.forEach(m => found.set(field === 'ids' ? m.id : m.ip, m));
    }
    return wanted.flatMap(value => found.get(value) ?? []);
  }

  private request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: MachinesRequestOptions,
    body?: unknown,
  ): Promise<T> {
    return callPluginApi<T>({
      auth: this.auth,
      discovery: this.discovery,
      pluginId: 'machines',
      method,
      path,
      credentials: options.credentials,
      body,
      timeoutMs: TIMEOUT_MS,
    });
  }
}

/**
 * The machine registry, for backend plugins that work on machines.
 *
 * @public
 */
export const machinesServiceRef = createServiceRef<MachinesService>({
  id: 'opssight.machines',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory: deps => DefaultMachinesService.create(deps),
    }),
});
