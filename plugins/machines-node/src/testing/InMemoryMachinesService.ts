import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  DEFAULT_MACHINE_OWNER,
  describeIssues,
  Machine,
  MachineInput,
  machineInputSchema,
} from '@opssight/plugin-machines-common';
import { randomUUID } from 'node:crypto';
import {
  byIp,
  MachineFilter,
  MachinesRequestOptions,
  MachinesService,
  machinesServiceRef,
  MachineSshTarget,
  sshTargetOf,
} from '../MachinesService';

/**
 * A registered machine for tests, with every field filled in.
 *
 * @public
 */
export function makeMachine(overrides: Partial<Machine> = {}): Machine {
  return {
    id: randomUUID(),
    ip: '10.0.0.1',
    hostname: 'web-1',
    application: '',
    sshPort: 22,
    sshUser: '',
    description: '',
    groups: [],
    tags: [],
    owner: DEFAULT_MACHINE_OWNER,
    hostKeyFingerprint: null,
    hostPublicKey: null,
    defaultCredentialId: null,
    lastCheck: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/**
 * What the fake lets a caller do; everything when left out. A refusal is the
 * `NotAllowedError` the machines plugin answers with.
 *
 * @public
 */
export type InMemoryMachinesAccess = (
  action: 'read' | 'create',
  credentials: BackstageCredentials,
) => boolean;

/**
 * A {@link MachinesService} over machines held in memory, answering as the
 * machines plugin does (the same errors, orders and input validation), for
 * tests of consumers that need no machines backend.
 *
 * @public
 */
export class InMemoryMachinesService implements MachinesService {
  private readonly machines = new Map<string, Machine>();
  private readonly allowed: InMemoryMachinesAccess;
  private readonly defaultOwner: string;
  /** Every `create` call that registered a machine, with its caller. */
  readonly created: Array<{
    machine: Machine;
    credentials: BackstageCredentials;
  }> = [];

  constructor(
    options: {
      machines?: Machine[];
      allowed?: InMemoryMachinesAccess;
      /** The owner of machines created without one, as `machines.defaultOwner`. */
      defaultOwner?: string;
    } = {},
  ) {
    options.machines?.forEach(m => this.add(m));
    this.allowed = options.allowed ?? (() => true);
    this.defaultOwner = options.defaultOwner ?? DEFAULT_MACHINE_OWNER;
  }

  /** Puts a machine in the registry (replacing one with its id) as a test's setup. */
  add(machine: Machine): Machine {
    this.machines.set(machine.id, machine);
    return machine;
  }

  /** Takes a machine out of the registry, as someone deleting it meanwhile. */
  remove(id: string): void {
    this.machines.delete(id);
  }

  /** A service factory that makes this instance the backend's `machinesServiceRef`. */
  factory() {
    return createServiceFactory({
      service: machinesServiceRef,
      deps: {},
      factory: () => this,
    });
  }

  async get(id: string, options: MachinesRequestOptions): Promise<Machine> {
    this.assert('read', options);
    const machine = this.machines.get(id);
    if (!machine) {
      throw new NotFoundError(`No machine with id '${id}'`);
    }
    return machine;
  }

  async getMany(
    ids: string[],
    options: MachinesRequestOptions,
  ): Promise<Machine[]> {
    this.assert('read', options);
    return [...new Set(ids)].flatMap(id => this.machines.get(id) ?? []);
  }

  async findByIps(
    ips: string[],
    options: MachinesRequestOptions,
  ): Promise<Machine[]> {
    this.assert('read', options);
    const all = [...this.machines.values()];
    return [...new Set(ips)].flatMap(ip => all.find(m => m.ip === ip) ?? []);
  }

  async list(
    filter: MachineFilter,
    options: MachinesRequestOptions,
  ): Promise<Machine[]> {
    this.assert('read', options);
    return [...this.machines.values()]
      .filter(
        m =>
          (filter.group === undefined || m.groups.includes(filter.group)) &&
          (filter.tag === undefined || m.tags.includes(filter.tag)),
      )
      .sort(byIp);
  }

  async create(
    input: MachineInput,
    options: MachinesRequestOptions,
  ): Promise<Machine> {
    this.assert('create', options);
    const parsed = machineInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new InputError(`Invalid machine: ${describeIssues(parsed.error)}`);
    }
    const valid = parsed.data;
    const clash = [...this.machines.values()].find(m => m.ip === valid.ip);
    if (clash) {
      throw new ConflictError(
        `ip: ${valid.ip} is already used by machine '${clash.hostname}' (id ${clash.id})`,
      );
    }
    const now = new Date().toISOString();
    const machine = this.add(
      makeMachine({
        ...valid,
        groups: [...new Set(valid.groups)].sort(),
        tags: [...new Set(valid.tags)].sort(),
        owner: valid.owner ?? this.defaultOwner,
        createdAt: now,
        updatedAt: now,
      }),
    );
    this.created.push({ machine, credentials: options.credentials });
    return machine;
  }

  async sshTarget(
    id: string,
    options: MachinesRequestOptions,
  ): Promise<MachineSshTarget> {
    return sshTargetOf(await this.get(id, options));
  }

  private assert(action: 'read' | 'create', options: MachinesRequestOptions) {
    if (!this.allowed(action, options.credentials)) {
      throw new NotAllowedError(
        `Your role does not allow 'opssight.machines.${action}'`,
      );
    }
  }
}
