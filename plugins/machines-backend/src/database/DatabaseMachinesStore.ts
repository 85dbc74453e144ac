import { migratedStore, pageOfRows } from '@opssight/plugin-http-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BulkRejectedRow,
  ConnectionResult,
  ipSortKey,
  ListMachinesQuery,
  Machine,
  MachineGroup,
  MachineList,
} from '@opssight/plugin-machines-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  MachinesStore,
  NewMachine,
  TagCount,
  ValidGroupInput,
} from './MachinesStore';

type RawDbMachineRow = {
  id: string;
  ip: string;
  ip_sort: string;
  hostname: string;
  application: string;
  ssh_port: number;
  ssh_user: string;
  description: string;
  owner: string;
  host_key_fingerprint: string | null;
  host_public_key: string | null;
  default_credential_id: string | null;
  last_check: string | null;
  created_at: string;
  updated_at: string;
};

type RawDbGroupRow = {
  id: string;
  name: string;
  description: string;
  created_at: string;
};

const SORT_COLUMNS = {
  ip: 'ip_sort',
  hostname: 'hostname',
  application: 'application',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

const now = () => new Date().toISOString();

export class DatabaseMachinesStore implements MachinesStore {
  static create = migratedStore(
    '@opssight/plugin-machines-backend',
    db => new DatabaseMachinesStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async listMachines(query: ListMachinesQuery): Promise<MachineList> {
    const base = this.db<RawDbMachineRow>('machines');
    if (query.q?.trim()) {
      const like = `%${escapeLike(query.q.trim().toLowerCase())}%`;
      base.where(inner =>
        inner
          .whereRaw("lower(ip) like ? escape '\\'", [like])
          .orWhereRaw("lower(hostname) like ? escape '\\'", [like])
          .orWhereRaw("lower(application) like ? escape '\\'", [like]),
      );
    }
    if (query.group) {
      base.whereIn(
        'id',
        this.db('machine_group_members')
          .join(
            'machine_groups',
            'machine_groups.id',
            'machine_group_members.group_id',
          )
          .where('machine_groups.name', query.group)
          .select('machine_group_members.machine_id'),
      );
    }
    if (query.tag) {
      base.whereIn(
        'id',
        this.db('machine_tags').where('tag', query.tag).select('machine_id'),
      );
    }

    const { rows, totalCount } = await pageOfRows<RawDbMachineRow>(base, {
      orderBy: [
        {
          column: SORT_COLUMNS[query.orderBy ?? 'hostname'],
          order: query.order ?? 'asc',
        },
        { column: 'id', order: 'asc' },
      ],
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
    return { items: await this.toMachines(rows), totalCount };
  }

  async getMachine(id: string): Promise<Machine> {
    const [machine] = await this.getMachines([id]);
    if (!machine) {
      throw new NotFoundError(`No machine with id '${id}'`);
    }
    return machine;
  }

  async getMachines(ids: string[]): Promise<Machine[]> {
    const machines: Machine[] = [];
    // Chunked so a large selection stays under the databases' bind-parameter limits.
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db<RawDbMachineRow>('machines').whereIn(
        'id',
        ids.slice(i, i + 500),
      );
      machines.push(...(await this.toMachines(rows)));
    }
    const byId = new Map(machines.map(m => [m.id, m]));
    return ids.flatMap(id => byId.get(id) ?? []);
  }

  async lookupMachines(query: {
    ids?: string[];
    ips?: string[];
  }): Promise<Machine[]> {
    const rows = new Map<string, RawDbMachineRow>();
    // Chunked so a large lookup stays under the databases' bind-parameter limits.
    for (const [column, values] of [
      ['id', [...new Set(query.ids ?? [])]],
      ['ip', [...new Set(query.ips ?? [])]],
    ] as const) {
      for (let i = 0; i < values.length; i += 500) {
        const found = await this.db<RawDbMachineRow>('machines').whereIn(
          column,
          values.slice(i, i + 500),
        );
        found.forEach(row => rows.set(row.id, row));
      }
    }
    const sorted = [...rows.values()].sort(
      (a, b) => a.ip_sort.localeCompare(b.ip_sort) || a.id.localeCompare(b.id),
    );
    return this.toMachines(sorted);
  }

  async getGroupMachineIds(groupName: string): Promise<string[]> {
    const group = await this.db<RawDbGroupRow>('machine_groups')
      .where('name', groupName)
      .first();
    if (!group) {
      throw new NotFoundError(`No group named '${groupName}'`);
    }
    const rows = await this.db('machine_group_members')
      .where('group_id', group.id)
      .select('machine_id');
    return rows.map(r => r.machine_id);
  }

  async getAllMachineIds(): Promise<string[]> {
    const rows = await this.db('machines').select('id').orderBy('ip_sort');
    return rows.map(r => r.id);
  }

  async createMachine(input: NewMachine): Promise<Machine> {
    const id = await this.db.transaction(async tx => {
      await this.assertIpFree(tx, input.ip);
      return this.insertMachine(tx, input);
    });
    return this.getMachine(id);
  }

  async createMachines(
    rows: Array<{ line: number; text: string; input: NewMachine }>,
  ): Promise<{ created: Machine[]; rejected: BulkRejectedRow[] }> {
    const rejected: BulkRejectedRow[] = [];
    const ids = await this.db.transaction(async tx => {
      const existing = new Map<string, string>();
      const ips = rows.map(r => r.input.ip);
      for (let i = 0; i < ips.length; i += 500) {
        const found = await tx<RawDbMachineRow>('machines')
          .whereIn('ip', ips.slice(i, i + 500))
          .select('ip', 'hostname');
        found.forEach(f =>
          existing.set(f.ip, `existing machine '${f.hostname}'`),
        );
      }
      const created: string[] = [];
      for (const row of rows) {
        const clash = existing.get(row.input.ip);
        if (clash) {
          rejected.push({
            line: row.line,
            text: row.text,
            reason: `ip: ${row.input.ip} is already used by ${clash}`,
          });
          continue;
        }
        created.push(await this.insertMachine(tx, row.input));
        existing.set(row.input.ip, `line ${row.line}`);
      }
      return created;
    });
    return { created: await this.getMachines(ids), rejected };
  }

  /** Changes row `id` of `table` in one transaction, given the row as it was; a 404 naming `what` without one. */
  private changeRow<Row>(
    table: string,
    what: string,
    id: string,
    change: (tx: Knex.Transaction, current: Row) => Promise<void>,
  ): Promise<void> {
    return this.db.transaction(async tx => {
      const current: Row | undefined = await tx(table).where({ id }).first();
      if (!current) {
        throw new NotFoundError(`No ${what} with id '${id}'`);
      }
      await change(tx, current);
    });
  }

  async updateMachine(id: string, input: NewMachine): Promise<Machine> {
    await this.changeRow<RawDbMachineRow>(
      'machines',
      'machine',
      id,
      async (tx, current) => {
        if (current.ip !== input.ip) {
          await this.assertIpFree(tx, input.ip);
        }
        await tx('machines')
          .where({ id })
          .update({
            ip: input.ip,
            ip_sort: ipSortKey(input.ip),
            hostname: input.hostname,
            application: input.application,
            ssh_port: input.sshPort,
            ssh_user: input.sshUser,
            description: input.description,
            owner: input.owner,
            default_credential_id: input.defaultCredentialId,
            // A new address is a new host: its key must be pinned afresh.
            ...(current.ip !== input.ip
              ? {
                  host_key_fingerprint: null,
                  host_public_key: null,
                  last_check: null,
                }
              : {}),
            updated_at: now(),
          });
        await this.setMemberships(tx, id, input.groups, input.tags);
      },
    );
    return this.getMachine(id);
  }

  async deleteMachine(id: string): Promise<Machine> {
    const machine = await this.getMachine(id);
    await this.db.transaction(async tx => {
      // Explicit, so it does not depend on SQLite's foreign_keys pragma.
      await tx('machine_group_members').where('machine_id', id).delete();
      await tx('machine_tags').where('machine_id', id).delete();
      await tx('machines').where({ id }).delete();
    });
    return machine;
  }

  async setHostKeyFingerprint(
    id: string,
    fingerprint: string | null,
    publicKey: string | null = null,
  ): Promise<Machine> {
    const count = await this.db('machines')
      .where({ id })
      .update({
        host_key_fingerprint: fingerprint,
        host_public_key: fingerprint ? publicKey : null,
        updated_at: now(),
      });
    if (!count) {
      throw new NotFoundError(`No machine with id '${id}'`);
    }
    return this.getMachine(id);
  }

  async recordCheck(result: ConnectionResult): Promise<void> {
    await this.db('machines')
      .where({ id: result.machineId })
      .update({ last_check: JSON.stringify(result) });
  }

  async listGroups(): Promise<MachineGroup[]> {
    const rows = (await this.db('machine_groups')
      .leftJoin(
        'machine_group_members',
        'machine_groups.id',
        'machine_group_members.group_id',
      )
      .groupBy(
        'machine_groups.id',
        'machine_groups.name',
        'machine_groups.description',
        'machine_groups.created_at',
      )
      .select('machine_groups.*')
      .count({ machine_count: 'machine_group_members.machine_id' })
      .orderBy('machine_groups.name')) as Array<
      RawDbGroupRow & { machine_count: string | number }
    >;
    return rows.map(r => this.toGroup(r, Number(r.machine_count)));
  }

  async createGroup(input: ValidGroupInput): Promise<MachineGroup> {
    const id = randomUUID();
    await this.db.transaction(async tx => {
      await this.assertGroupNameFree(tx, input.name);
      await tx('machine_groups').insert({
        id,
        name: input.name,
        description: input.description,
        created_at: now(),
      });
    });
    return this.getGroup(id);
  }

  async updateGroup(id: string, input: ValidGroupInput): Promise<MachineGroup> {
    await this.changeRow<RawDbGroupRow>(
      'machine_groups',
      'group',
      id,
      async (tx, current) => {
        if (current.name !== input.name) {
          await this.assertGroupNameFree(tx, input.name);
        }
        await tx('machine_groups')
          .where({ id })
          .update({ name: input.name, description: input.description });
      },
    );
    return this.getGroup(id);
  }

  async deleteGroup(id: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('machine_group_members').where('group_id', id).delete();
      const count = await tx('machine_groups').where({ id }).delete();
      if (!count) {
        throw new NotFoundError(`No group with id '${id}'`);
      }
    });
  }

  async listTags(): Promise<TagCount[]> {
    const rows = (await this.db('machine_tags')
      .select('tag')
      .count({ machine_count: 'machine_id' })
      .groupBy('tag')
      .orderBy('tag')) as Array<{
      tag: string;
      machine_count: string | number;
    }>;
    return rows.map(r => ({
      name: String(r.tag),
      machineCount: Number(r.machine_count),
    }));
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.db('machines_meta').where({ key }).first();
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db('machines_meta')
      .insert({ key, value })
      .onConflict('key')
      .merge();
  }

  private async insertMachine(
    tx: Knex.Transaction,
    input: NewMachine,
  ): Promise<string> {
    const id = randomUUID();
    const timestamp = now();
    await tx('machines').insert({
      id,
      ip: input.ip,
      ip_sort: ipSortKey(input.ip),
      hostname: input.hostname,
      application: input.application,
      ssh_port: input.sshPort,
      ssh_user: input.sshUser,
      description: input.description,
      owner: input.owner,
      host_key_fingerprint: null,
      host_public_key: null,
      default_credential_id: input.defaultCredentialId,
      last_check: null,
      created_at: timestamp,
      updated_at: timestamp,
    });
    await this.setMemberships(tx, id, input.groups, input.tags);
    return id;
  }

  private async assertIpFree(tx: Knex.Transaction, ip: string) {
    const clash = await tx<RawDbMachineRow>('machines').where({ ip }).first();
    if (clash) {
      throw new ConflictError(
        `ip: ${ip} is already used by machine '${clash.hostname}' (id ${clash.id})`,
      );
    }
  }

  private async assertGroupNameFree(tx: Knex.Transaction, name: string) {
    const clash = await tx<RawDbGroupRow>('machine_groups')
      .where({ name })
      .first();
    if (clash) {
      throw new ConflictError(`name: a group named '${name}' already exists`);
    }
  }

  /** Replaces a machine's groups (created when new) and tags. */
  private async setMemberships(
    tx: Knex.Transaction,
    machineId: string,
    groups: string[],
    tags: string[],
  ) {
    const groupNames = [...new Set(groups)];
    const uniqueTags = [...new Set(tags)];
    await tx('machine_group_members').where('machine_id', machineId).delete();
    await tx('machine_tags').where('machine_id', machineId).delete();
    if (groupNames.length) {
      const known = await tx<RawDbGroupRow>('machine_groups').whereIn(
        'name',
        groupNames,
      );
      const byName = new Map(known.map(g => [g.name, g.id]));
      for (const name of groupNames) {
        if (!byName.has(name)) {
          const id = randomUUID();
          await tx('machine_groups').insert({
            id,
            name,
            description: '',
            created_at: now(),
          });
          byName.set(name, id);
        }
      }
      await tx('machine_group_members').insert(
        groupNames.map(name => ({
          machine_id: machineId,
          group_id: byName.get(name),
        })),
      );
    }
    if (uniqueTags.length) {
      await tx('machine_tags').insert(
        uniqueTags.map(tag => ({ machine_id: machineId, tag })),
      );
    }
  }

  private async getGroup(id: string): Promise<MachineGroup> {
    const group = (await this.listGroups()).find(g => g.id === id);
    if (!group) {
      throw new NotFoundError(`No group with id '${id}'`);
    }
    return group;
  }

  private toGroup(row: RawDbGroupRow, machineCount: number): MachineGroup {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      machineCount,
      createdAt: row.created_at,
    };
  }

  private async toMachines(rows: RawDbMachineRow[]): Promise<Machine[]> {
    if (rows.length === 0) return [];
    const ids = rows.map(r => r.id);
    const [groupRows, tagRows] = await Promise.all([
      this.db('machine_group_members')
        .join(
          'machine_groups',
          'machine_groups.id',
          'machine_group_members.group_id',
        )
        .whereIn('machine_group_members.machine_id', ids)
        .select('machine_group_members.machine_id', 'machine_groups.name')
        .orderBy('machine_groups.name'),
      this.db('machine_tags')
        .whereIn('machine_id', ids)
        .select('machine_id', 'tag')
        .orderBy('tag'),
    ]);
    const groupsOf = new Map<string, string[]>();
    groupRows.forEach(r =>
      groupsOf.set(r.machine_id, [
        ...(groupsOf.get(r.machine_id) ?? []),
        r.name,
      ]),
    );
    const tagsOf = new Map<string, string[]>();
    tagRows.forEach(r =>
      tagsOf.set(r.machine_id, [...(tagsOf.get(r.machine_id) ?? []), r.tag]),
    );
    return rows.map(row => ({
      id: row.id,
      ip: row.ip,
      hostname: row.hostname,
      application: row.application,
      sshPort: Number(row.ssh_port),
      sshUser: row.ssh_user,
      description: row.description,
      groups: groupsOf.get(row.id) ?? [],
      tags: tagsOf.get(row.id) ?? [],
      owner: row.owner,
      hostKeyFingerprint: row.host_key_fingerprint,
      hostPublicKey: row.host_public_key ?? null,
      defaultCredentialId: row.default_credential_id,
      lastCheck: row.last_check
        ? (JSON.parse(row.last_check) as ConnectionResult)
        : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }
}
