import { migratedStore, pageOfRows } from '@opssight/plugin-http-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  Cluster,
  ClusterApiHealth,
  ClusterChange,
  ClusterList,
  ClusterNode,
  ClusterTopology,
  diffTopology,
  NodeRole,
  NodeSshCheck,
  ReconfigureResult,
  TopologyDiff,
} from '@opssight/plugin-clusters-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { clusterHealth } from '../health/clusterHealth';
import {
  ClusterDetails,
  ClustersStore,
  HealthCheckRecord,
  ListClustersQuery,
  MachineChange,
  MachinesByIp,
  NewCluster,
} from './ClustersStore';

type RawDbClusterRow = {
  id: string;
  name: string;
  description: string;
  environment: string;
  owner: string;
  load_balancer_ip: string | null;
  api_url: string | null;
  api_ca_data: string | null;
  api_token_credential_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  health_checked_at: string | null;
  api_check: string | null;
};

type RawDbNodeRow = {
  cluster_id: string;
  ip: string;
  role: NodeRole;
  position: number;
  machine_id: string | null;
  hostname: string | null;
  // SQLite answers booleans as 0/1.
  host_key_pinned: boolean | number;
  ssh_check: string | null;
};

type RawDbChangeRow = {
  seq: number;
  id: string;
  cluster_id: string;
  at: string;
  by: string;
  kind: ClusterChange['kind'];
  before: string | null;
  after: string;
  diff: string;
  fields: string;
};

const DETAIL_COLUMNS = {
  name: 'name',
  description: 'description',
  environment: 'environment',
  owner: 'owner',
  apiUrl: 'api_url',
  apiCaData: 'api_ca_data',
  apiTokenCredentialId: 'api_token_credential_id',
} as const satisfies Record<keyof ClusterDetails, keyof RawDbClusterRow>;

/** Details whose change makes the latest API check meaningless. */
const API_FIELDS: Array<keyof ClusterDetails> = [
  'apiUrl',
  'apiCaData',
  'apiTokenCredentialId',
];

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

/**
 * Every write of a cluster's details or nodes gets a later `updated_at` than
 * the one before, even within a millisecond, so it can serve as the token of
 * optimistic concurrency.
 */
function nextUpdatedAt(previous: string): string {
  return new Date(Math.max(Date.now(), Date.parse(previous) + 1)).toISOString();
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e.message ?? '')
  );
}

function topologyOf(
  row: RawDbClusterRow,
  nodes: RawDbNodeRow[],
): ClusterTopology {
  const ips = (role: NodeRole) =>
    nodes
      .filter(n => n.role === role)
      .sort((a, b) => a.position - b.position)
      .map(n => n.ip);
  return {
    masters: ips('master'),
    workers: ips('worker'),
    loadBalancerIp: row.load_balancer_ip,
  };
}

function parse<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

function toChange(row: RawDbChangeRow): ClusterChange {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    at: row.at,
    by: row.by,
    kind: row.kind,
    before: parse<ClusterTopology>(row.before),
    after: JSON.parse(row.after),
    diff: JSON.parse(row.diff),
    fields: JSON.parse(row.fields),
  };
}

export class DatabaseClustersStore implements ClustersStore {
  static create = migratedStore(
    '@opssight/plugin-clusters-backend',
    db => new DatabaseClustersStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async listClusters(query: ListClustersQuery): Promise<ClusterList> {
    const base = this.db<RawDbClusterRow>('clusters');
    if (query.environment) {
      base.where('environment', query.environment);
    }
    if (query.q?.trim()) {
      const like = `%${escapeLike(query.q.trim().toLowerCase())}%`;
      base.where(inner =>
        inner
          .whereRaw("lower(name) like ? escape '\\'", [like])
          .orWhereRaw("lower(description) like ? escape '\\'", [like]),
      );
    }
    const { rows, totalCount } = await pageOfRows<RawDbClusterRow>(base, {
      orderBy: [{ column: 'name', order: 'asc' }],
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
    return { items: await this.toClusters(this.db, rows), totalCount };
  }

  async getCluster(id: string): Promise<Cluster> {
    return this.clusterIn(this.db, id);
  }

  async getClusterByName(name: string): Promise<Cluster> {
    const row = await this.db<RawDbClusterRow>('clusters')
      .where('name', name)
      .first();
    if (!row) {
      throw new NotFoundError(`No cluster named '${name}'`);
    }
    return (await this.toClusters(this.db, [row]))[0];
  }

  async getClusters(ids: string[]): Promise<Cluster[]> {
    const clusters: Cluster[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db<RawDbClusterRow>('clusters').whereIn(
        'id',
        ids.slice(i, i + 500),
      );
      clusters.push(...(await this.toClusters(this.db, rows)));
    }
    const byId = new Map(clusters.map(c => [c.id, c]));
    return ids.flatMap(id => byId.get(id) ?? []);
  }

  async getAllClusterIds(): Promise<string[]> {
    const rows = await this.db('clusters').select('id').orderBy('name');
    return rows.map(r => r.id);
  }

  async createCluster(
    input: NewCluster,
    machines: MachinesByIp,
  ): Promise<Cluster> {
    const id = randomUUID();
    const now = new Date().toISOString();
    try {
      await this.db.transaction(async tx => {
        const taken = await tx('clusters').where('name', input.name).first();
        if (taken) {
          throw new ConflictError(
            `name: a cluster named '${input.name}' already exists`,
          );
        }
        await tx<RawDbClusterRow>('clusters').insert({
          id,
          name: input.name,
          description: input.description,
          environment: input.environment,
          owner: input.owner,
          load_balancer_ip: input.topology.loadBalancerIp,
          api_url: input.apiUrl,
          api_ca_data: input.apiCaData,
          api_token_credential_id: input.apiTokenCredentialId,
          created_by: input.createdBy,
          created_at: now,
          updated_at: now,
          health_checked_at: null,
          api_check: null,
        });
        await this.insertNodes(tx, id, input.topology, machines, new Map());
        await this.insertChange(tx, {
          clusterId: id,
          at: now,
          by: input.createdBy,
          kind: 'created',
          before: null,
          after: input.topology,
          diff: diffTopology(
            { masters: [], workers: [], loadBalancerIp: null },
            input.topology,
          ),
          fields: [],
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `name: a cluster named '${input.name}' already exists`,
        );
      }
      throw error;
    }
    return this.getCluster(id);
  }

  async updateCluster(
    id: string,
    details: ClusterDetails,
    by: string,
  ): Promise<{ cluster: Cluster; change: ClusterChange | null }> {
    const change = await this.db.transaction(async tx => {
      const row = await this.clusterRow(tx, id);
      const fields = (
        Object.keys(DETAIL_COLUMNS) as Array<keyof ClusterDetails>
      ).filter(
        field =>
          details[field] !== undefined &&
          details[field] !== row[DETAIL_COLUMNS[field]],
      );
      if (!fields.length) {
        return null;
      }
      if (fields.includes('name')) {
        const taken = await tx<RawDbClusterRow>('clusters')
          .where('name', details.name!)
          .whereNot('id', id)
          .first('id');
        if (taken) {
          throw new ConflictError(
            `name: a cluster named '${details.name}' already exists`,
          );
        }
      }
      const updatedAt = nextUpdatedAt(row.updated_at);
      const update: Partial<RawDbClusterRow> = { updated_at: updatedAt };
      for (const field of fields) {
        (update as Record<string, unknown>)[DETAIL_COLUMNS[field]] =
          details[field];
      }
      if (fields.some(f => API_FIELDS.includes(f))) {
        // The latest API check was of another API, or with another token.
        update.api_check = null;
      }
      await this.updateIfUnchanged(tx, row, update);
      const topology = topologyOf(
        row,
        await tx<RawDbNodeRow>('cluster_nodes').where('cluster_id', id),
      );
      return this.insertChange(tx, {
        clusterId: id,
        at: updatedAt,
        by,
        kind: 'updated',
        before: topology,
        after: topology,
        diff: diffTopology(topology, topology),
        fields,
      });
    });
    return { cluster: await this.getCluster(id), change };
  }

  async reconfigure(
    id: string,
    topology: ClusterTopology,
    options: { by: string; expectedUpdatedAt?: string; machines: MachinesByIp },
  ): Promise<ReconfigureResult> {
    const outcome = await this.db.transaction(async tx => {
      const row = await this.clusterRow(tx, id);
      if (
        options.expectedUpdatedAt !== undefined &&
        options.expectedUpdatedAt !== row.updated_at
      ) {
        throw new ConflictError(
          `Cluster '${row.name}' was changed at ${row.updated_at}, after the version you edited (${options.expectedUpdatedAt}); reload it and apply your change again`,
        );
      }
      const nodes = await tx<RawDbNodeRow>('cluster_nodes').where(
        'cluster_id',
        id,
      );
      const before = topologyOf(row, nodes);
      const diff = diffTopology(before, topology);
      if (diff.empty) {
        return { diff, change: null };
      }
      const updatedAt = nextUpdatedAt(row.updated_at);
      await this.updateIfUnchanged(tx, row, {
        updated_at: updatedAt,
        load_balancer_ip: topology.loadBalancerIp,
      });
      await tx('cluster_nodes').where('cluster_id', id).delete();
      await this.insertNodes(
        tx,
        id,
        topology,
        options.machines,
        new Map(nodes.map(n => [n.ip, n])),
      );
      const change = await this.insertChange(tx, {
        clusterId: id,
        at: updatedAt,
        by: options.by,
        kind: 'reconfigured',
        before,
        after: topology,
        diff,
        fields: [],
      });
      return { diff, change };
    });
    return { ...outcome, cluster: await this.getCluster(id) };
  }

  async deleteCluster(id: string): Promise<Cluster> {
    return this.db.transaction(async tx => {
      const cluster = await this.clusterIn(tx, id);
      // Children first: SQLite enforces the cascade only with foreign keys on.
      await tx('cluster_changes').where('cluster_id', id).delete();
      await tx('cluster_nodes').where('cluster_id', id).delete();
      await tx('clusters').where('id', id).delete();
      return cluster;
    });
  }

  async listChanges(clusterId: string): Promise<ClusterChange[]> {
    await this.clusterRow(this.db, clusterId);
    const rows = await this.db<RawDbChangeRow>('cluster_changes')
      .where('cluster_id', clusterId)
      .orderBy('seq', 'desc');
    return rows.map(toChange);
  }

  async clusterNamesByIp(ips: string[]): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>();
    for (let i = 0; i < ips.length; i += 500) {
      const rows: Array<{ ip: string; name: string }> = await this.db(
        'cluster_nodes',
      )
        .join('clusters', 'clusters.id', 'cluster_nodes.cluster_id')
        .whereIn('cluster_nodes.ip', ips.slice(i, i + 500))
        .select('cluster_nodes.ip as ip', 'clusters.name as name')
        .orderBy('clusters.name');
      for (const { ip, name } of rows) {
        names.set(ip, [...(names.get(ip) ?? []), name]);
      }
    }
    return names;
  }

  async recordHealthCheck(
    id: string,
    check: HealthCheckRecord,
  ): Promise<Cluster> {
    await this.db.transaction(async tx => {
      await this.clusterRow(tx, id);
      // Not updated_at: a check is no edit, and must not make an open edit stale.
      await tx('clusters')
        .where('id', id)
        .update({
          health_checked_at: check.checkedAt,
          api_check: check.api ? JSON.stringify(check.api) : null,
        });
      const nodes = await tx<RawDbNodeRow>('cluster_nodes').where(
        'cluster_id',
        id,
      );
      for (const node of nodes) {
        const machine = check.machines.get(node.ip) ?? null;
        const ssh = check.ssh.get(node.ip) ?? null;
        await tx('cluster_nodes')
          .where({ cluster_id: id, ip: node.ip })
          .update({
            machine_id: machine?.id ?? null,
            hostname: machine?.hostname ?? null,
            host_key_pinned: machine?.hostKeyPinned ?? false,
            ssh_check: ssh ? JSON.stringify(ssh) : null,
          });
      }
    });
    return this.getCluster(id);
  }

  async applyMachineChanges(changes: {
    upserted: MachineChange[];
    deleted: MachineChange[];
  }): Promise<string[]> {
    // A bulk import announces thousands of machines; few are cluster nodes.
    const touched = await this.nodesTouching([
      ...changes.upserted,
      ...changes.deleted,
    ]);
    const relevant = (m: MachineChange) =>
      touched.ips.has(m.ip) || touched.machineIds.has(m.id);
    const upserted = changes.upserted.filter(relevant);
    const deleted = changes.deleted.filter(relevant);
    if (!upserted.length && !deleted.length) {
      return [];
    }
    const affected = new Set<string>();
    await this.db.transaction(async tx => {
      for (const machine of deleted) {
        const rows = await tx<RawDbNodeRow>('cluster_nodes')
          .where('machine_id', machine.id)
          .select('cluster_id');
        rows.forEach(r => affected.add(r.cluster_id));
        await tx('cluster_nodes')
          .where('machine_id', machine.id)
          .update({ machine_id: null, hostname: null, host_key_pinned: false });
      }
      for (const machine of upserted) {
        // A machine whose IP changed leaves the nodes at its old IP.
        const moved = await tx<RawDbNodeRow>('cluster_nodes')
          .where('machine_id', machine.id)
          .whereNot('ip', machine.ip)
          .select('cluster_id');
        moved.forEach(r => affected.add(r.cluster_id));
        await tx('cluster_nodes')
          .where('machine_id', machine.id)
          .whereNot('ip', machine.ip)
          .update({ machine_id: null, hostname: null, host_key_pinned: false });
        const snapshot = {
          machine_id: machine.id,
          hostname: machine.hostname,
          host_key_pinned: machine.hostKeyFingerprint !== null,
        };
        const stale = (
          await tx<RawDbNodeRow>('cluster_nodes').where('ip', machine.ip)
        ).filter(
          n =>
            n.machine_id !== snapshot.machine_id ||
            n.hostname !== snapshot.hostname ||
            Boolean(n.host_key_pinned) !== snapshot.host_key_pinned,
        );
        for (const node of stale) {
          affected.add(node.cluster_id);
          await tx('cluster_nodes')
            .where({ cluster_id: node.cluster_id, ip: node.ip })
            .update(snapshot);
        }
      }
    });
    return [...affected];
  }

  /** The IPs and machine ids among these machines' that some node has. */
  private async nodesTouching(machines: MachineChange[]) {
    const ips = new Set<string>();
    const machineIds = new Set<string>();
    for (let i = 0; i < machines.length; i += 500) {
      const chunk = machines.slice(i, i + 500);
      const rows = await this.db<RawDbNodeRow>('cluster_nodes')
        .whereIn(
          'ip',
          chunk.map(m => m.ip),
        )
        .orWhereIn(
          'machine_id',
          chunk.map(m => m.id),
        )
        .select('ip', 'machine_id');
      for (const row of rows) {
        ips.add(row.ip);
        if (row.machine_id) machineIds.add(row.machine_id);
      }
    }
    return { ips, machineIds };
  }

  private async clusterRow(
    db: Knex | Knex.Transaction,
    id: string,
  ): Promise<RawDbClusterRow> {
    const row = await db<RawDbClusterRow>('clusters').where('id', id).first();
    if (!row) {
      throw new NotFoundError(`No cluster with id '${id}'`);
    }
    return row;
  }

  private async clusterIn(
    db: Knex | Knex.Transaction,
    id: string,
  ): Promise<Cluster> {
    const row = await this.clusterRow(db, id);
    return (await this.toClusters(db, [row]))[0];
  }

  /** The conditional write that makes a concurrent edit of the same version a 409. */
  private async updateIfUnchanged(
    tx: Knex.Transaction,
    row: RawDbClusterRow,
    update: Partial<RawDbClusterRow>,
  ) {
    const count = await tx('clusters')
      .where({ id: row.id, updated_at: row.updated_at })
      .update(update);
    if (count !== 1) {
      throw new ConflictError(
        `Cluster '${row.name}' was changed by someone else meanwhile; reload it and try again`,
      );
    }
  }

  private async insertNodes(
    tx: Knex.Transaction,
    clusterId: string,
    topology: ClusterTopology,
    machines: MachinesByIp,
    previous: Map<string, RawDbNodeRow>,
  ) {
    const rows: RawDbNodeRow[] = [
      ...topology.masters.map(ip => ({ ip, role: 'master' as const })),
      ...topology.workers.map(ip => ({ ip, role: 'worker' as const })),
    ].map(({ ip, role }, index) => {
      const machine = machines.get(ip);
      const before = previous.get(ip);
      return {
        cluster_id: clusterId,
        ip,
        role,
        position: role === 'master' ? index : index - topology.masters.length,
        machine_id: machine?.id ?? before?.machine_id ?? null,
        hostname: machine?.hostname ?? before?.hostname ?? null,
        host_key_pinned: Boolean(
          machine?.hostKeyPinned ?? before?.host_key_pinned ?? false,
        ),
        // A node that stays keeps its latest check, whatever its role now.
        ssh_check: before?.ssh_check ?? null,
      };
    });
    for (let i = 0; i < rows.length; i += 200) {
      await tx('cluster_nodes').insert(rows.slice(i, i + 200));
    }
  }

  private async insertChange(
    tx: Knex.Transaction,
    change: Omit<ClusterChange, 'id'>,
  ): Promise<ClusterChange> {
    const id = randomUUID();
    await tx('cluster_changes').insert({
      id,
      cluster_id: change.clusterId,
      at: change.at,
      by: change.by,
      kind: change.kind,
      before: change.before ? JSON.stringify(change.before) : null,
      after: JSON.stringify(change.after),
      diff: JSON.stringify(change.diff satisfies TopologyDiff),
      fields: JSON.stringify(change.fields),
    });
    return { id, ...change };
  }

  private async toClusters(
    db: Knex | Knex.Transaction,
    rows: RawDbClusterRow[],
  ): Promise<Cluster[]> {
    if (!rows.length) return [];
    const nodes = await db<RawDbNodeRow>('cluster_nodes').whereIn(
      'cluster_id',
      rows.map(r => r.id),
    );
    const byCluster = new Map<string, RawDbNodeRow[]>();
    for (const node of nodes) {
      byCluster.set(node.cluster_id, [
        ...(byCluster.get(node.cluster_id) ?? []),
        node,
      ]);
    }
    return rows.map(row => this.toCluster(row, byCluster.get(row.id) ?? []));
  }

  private toCluster(row: RawDbClusterRow, nodeRows: RawDbNodeRow[]): Cluster {
    const apiConfigured = Boolean(row.api_url && row.api_token_credential_id);
    const api = apiConfigured ? parse<ClusterApiHealth>(row.api_check) : null;
    const rank = (n: RawDbNodeRow) =>
      (n.role === 'master' ? 0 : 1_000_000) + n.position;
    const nodes: ClusterNode[] = [...nodeRows]
      .sort((a, b) => rank(a) - rank(b))
      .map(n => ({
        ip: n.ip,
        role: n.role,
        machineId: n.machine_id,
        hostname: n.hostname,
        hostKeyPinned: Boolean(n.host_key_pinned),
        lastSshCheck: parse<NodeSshCheck>(n.ssh_check),
        kube: api?.nodes.find(k => k.internalIp === n.ip) ?? null,
      }));
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      environment: row.environment,
      owner: row.owner,
      loadBalancerIp: row.load_balancer_ip,
      apiUrl: row.api_url,
      apiCaData: row.api_ca_data,
      apiTokenCredentialId: row.api_token_credential_id,
      nodes,
      health: clusterHealth({ nodes, api, checkedAt: row.health_checked_at }),
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
