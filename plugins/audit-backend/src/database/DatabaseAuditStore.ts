import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  AuditEntry,
  AuditEntryFilter,
  AuditEntryList,
  AuditEntryQuery,
  AuditVerifyResult,
} from '@opssight/plugin-audit-common';
import { Knex } from 'knex';
import { AuditStore, NewAuditEntry } from './AuditStore';
import { canonicalJson, entryHash, GENESIS_HASH } from './chain';

const migrationsDir = resolvePackagePath(
  '@opssight/plugin-audit-backend',
  'migrations',
);

type RawDbEntryRow = {
  seq: number | string;
  time: string;
  plugin: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
  severity: string;
  request_id: string;
  client_address: string | null;
  details: string;
  prev_hash: string;
  hash: string;
};

type RawDbHeadRow = {
  id: number;
  seq: number | string;
  hash: string;
};

/** Column sizes of the migration: longer values are cut before hashing, so what is stored is what was hashed. */
const LIMITS = {
  plugin: 64,
  actor: 255,
  action: 128,
  target: 512,
  requestId: 128,
  clientAddress: 64,
} as const;

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

const BATCH_SIZE = 500;

export class DatabaseAuditStore implements AuditStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseAuditStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseAuditStore(client);
  }

  private readonly locksRows: boolean;

  private constructor(private readonly db: Knex) {
    // SQLite has one writer and no row locks: its transaction already serialises appends.
    this.locksRows = !String(db.client.config.client).includes('sqlite');
  }

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    return this.db.transaction(async tx => {
      const headQuery = tx<RawDbHeadRow>('audit_chain_head').where('id', 1);
      const head = await (this.locksRows ? headQuery.forUpdate() : headQuery)
        .select('seq', 'hash')
        .first();
      if (!head) {
        throw new Error('The audit chain head row is missing');
      }
      const fields = {
        seq: Number(head.seq) + 1,
        // Taken under the lock, so time never goes backwards along the chain on one clock.
        time: new Date().toISOString(),
        plugin: clip(input.plugin, LIMITS.plugin),
        actor: clip(input.actor, LIMITS.actor),
        action: clip(input.action, LIMITS.action),
        target:
          input.target === null ? null : clip(input.target, LIMITS.target),
        outcome: input.outcome,
        severity: input.severity,
        requestId: clip(input.requestId, LIMITS.requestId),
        clientAddress:
          input.clientAddress === null
            ? null
            : clip(input.clientAddress, LIMITS.clientAddress),
        // Round-tripped so the hash covers exactly what a reader gets back.
        details: JSON.parse(canonicalJson(input.details)),
      };
      const entry: AuditEntry = {
        ...fields,
        prevHash: head.hash,
        hash: entryHash(head.hash, fields),
      };
      await tx('audit_entries').insert(toRow(entry));
      await tx('audit_chain_head')
        .where('id', 1)
        .update({ seq: entry.seq, hash: entry.hash });
      return entry;
    });
  }

  async list(query: AuditEntryQuery): Promise<AuditEntryList> {
    const base = this.filtered(query);
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .select('*')
      .orderBy('seq', 'desc')
      .limit(query.limit)
      .offset(query.offset);
    return { items: rows.map(fromRow), totalCount: Number(count) };
  }

  async *export(filter: AuditEntryFilter): AsyncIterable<AuditEntry> {
    let after = 0;
    for (;;) {
      const rows = await this.filtered(filter)
        .where('seq', '>', after)
        .select('*')
        .orderBy('seq', 'asc')
        .limit(BATCH_SIZE);
      for (const row of rows) {
        yield fromRow(row);
      }
      if (rows.length < BATCH_SIZE) {
        return;
      }
      after = Number(rows[rows.length - 1].seq);
    }
  }

  async verify(): Promise<AuditVerifyResult> {
    // Entries appended while we walk are not ours to judge: stop at the head as it is now.
    const head = await this.db<RawDbHeadRow>('audit_chain_head')
      .where('id', 1)
      .first();
    if (!head) {
      return {
        ok: false,
        checked: 0,
        firstBroken: { seq: 1, reason: 'the chain head row is missing' },
      };
    }
    const headSeq = Number(head.seq);
    let checked = 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    const broken = (seq: number, reason: string): AuditVerifyResult => ({
      ok: false,
      checked,
      firstBroken: { seq, reason },
    });

    for (;;) {
      const rows = await this.db<RawDbEntryRow>('audit_entries')
        .where('seq', '>=', expectedSeq)
        .where('seq', '<=', headSeq)
        .orderBy('seq', 'asc')
        .limit(BATCH_SIZE);
      for (const row of rows) {
        const seq = Number(row.seq);
        checked += 1;
        if (seq !== expectedSeq) {
          return broken(
            expectedSeq,
            `${describeRange(
              expectedSeq,
              seq - 1,
            )} missing: entry ${seq} follows entry ${expectedSeq - 1}`,
          );
        }
        if (row.prev_hash !== prevHash) {
          return broken(
            seq,
            expectedSeq === 1
              ? 'the first entry does not start from the genesis hash'
              : `its prevHash does not match the hash of entry ${
                  seq - 1
                } (one of the two was rewritten)`,
          );
        }
        let entry: AuditEntry;
        try {
          entry = fromRow(row);
        } catch {
          return broken(seq, 'its details are not valid JSON (altered)');
        }
        if (entryHash(prevHash, entry) !== row.hash) {
          return broken(
            seq,
            'its content does not match its hash (the entry or its hash was altered)',
          );
        }
        prevHash = row.hash;
        expectedSeq = seq + 1;
      }
      if (rows.length < BATCH_SIZE) {
        break;
      }
    }

    if (expectedSeq - 1 !== headSeq) {
      return broken(
        expectedSeq,
        `${describeRange(
          expectedSeq,
          headSeq,
        )} missing: the chain head is at entry ${headSeq}`,
      );
    }
    if (head.hash !== prevHash) {
      return broken(
        headSeq,
        `the chain head's hash does not match entry ${headSeq}`,
      );
    }
    return { ok: true, checked };
  }

  private filtered(filter: AuditEntryFilter) {
    const query = this.db<RawDbEntryRow>('audit_entries');
    if (filter.actor) query.where('actor', filter.actor);
    if (filter.action) query.where('action', filter.action);
    if (filter.target) query.where('target', filter.target);
    if (filter.plugin) query.where('plugin', filter.plugin);
    if (filter.outcome) query.where('outcome', filter.outcome);
    if (filter.requestId) query.where('request_id', filter.requestId);
    // Times are stored as toISOString() text, which sorts as it reads.
    if (filter.from) query.where('time', '>=', filter.from);
    if (filter.to) query.where('time', '<', filter.to);
    return query;
  }
}

function describeRange(from: number, to: number): string {
  return from === to ? `entry ${from} is` : `entries ${from} to ${to} are`;
}

function toRow(entry: AuditEntry): RawDbEntryRow {
  return {
    seq: entry.seq,
    time: entry.time,
    plugin: entry.plugin,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    outcome: entry.outcome,
    severity: entry.severity,
    request_id: entry.requestId,
    client_address: entry.clientAddress,
    details: canonicalJson(entry.details),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

function fromRow(row: RawDbEntryRow): AuditEntry {
  return {
    seq: Number(row.seq),
    time: row.time,
    plugin: row.plugin,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome as AuditEntry['outcome'],
    severity: row.severity as AuditEntry['severity'],
    requestId: row.request_id,
    clientAddress: row.client_address,
    details: JSON.parse(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
