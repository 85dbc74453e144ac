import { migratedStore, pageOfRows } from '@opssight/plugin-http-node';
import {
  AuditActionName,
  AuditBrokenLink,
  AuditEntry,
  AuditEntryFilter,
  AuditEntryList,
  AuditEntryQuery,
  AuditVerifyResult,
} from '@opssight/plugin-audit-common';
import { Knex } from 'knex';
import { AuditStore, FoldedAction, NewAuditEntry } from './AuditStore';
import {
  canonicalJson,
  clipText,
  entryHash,
  GENESIS_HASH,
  storableJson,
  storableText,
} from './chain';

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
  client_request_id: string | null;
  initiated_seq: number | string | null;
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
  clientRequestId: 128,
  clientAddress: 64,
} as const;

const BATCH_SIZE = 500;
/** Broken links listed by verify(); past that they are only counted. */
const MAX_REPORTED = 1000;

/** The outcome of action `a`: its last outcome entry's. */
const LAST_OUTCOME =
  'select o.outcome from audit_entries o where o.initiated_seq = a.seq order by o.seq desc limit 1';

export class DatabaseAuditStore implements AuditStore {
  static create = migratedStore(
    '@opssight/plugin-audit-backend',
    db => new DatabaseAuditStore(db),
  );

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
      // Every text is cut to its column and made what the database gives
      // back (no lone surrogate, no NUL), so the hash covers what is stored.
      const optional = (text: string | null | undefined, max: number) =>
        text === null || text === undefined ? null : clipText(text, max);
      const fields = {
        seq: Number(head.seq) + 1,
        // Taken under the lock, so time never goes backwards along the chain on one clock.
        time: new Date().toISOString(),
        plugin: clipText(input.plugin, LIMITS.plugin),
        actor: clipText(input.actor, LIMITS.actor),
        action: clipText(input.action, LIMITS.action),
        target: optional(input.target, LIMITS.target),
        outcome: input.outcome,
        severity: input.severity,
        requestId: clipText(input.requestId, LIMITS.requestId),
        clientRequestId: optional(
          input.clientRequestId,
          LIMITS.clientRequestId,
        ),
        initiatedSeq: input.initiatedSeq ?? null,
        clientAddress: optional(input.clientAddress, LIMITS.clientAddress),
        // Round-tripped so the hash covers exactly what a reader gets back.
        details: JSON.parse(canonicalJson(storableJson(input.details))),
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
    const { rows, totalCount } = await pageOfRows<RawDbEntryRow>(
      this.filtered(query),
      { ...query, orderBy: [{ column: 'seq', order: 'desc' }] },
    );
    return { items: rows.map(fromRow), totalCount };
  }

  async listActions(
    query: AuditEntryQuery,
  ): Promise<{ items: FoldedAction[]; totalCount: number }> {
    // An action is its first entry: an `initiated` one, or an entry that names
    // no initiated entry (a lone denial, or one written before actions were linked).
    const base =
      this.db<RawDbEntryRow>('audit_entries as a').whereNull('a.initiated_seq');
    applyFilter(base, { ...query, outcome: undefined }, 'a.');
    if (query.outcome) {
      base.whereRaw(`coalesce((${LAST_OUTCOME}), a.outcome) = ?`, [
        query.outcome,
      ]);
    }
    const { rows: starts, totalCount } = await pageOfRows<RawDbEntryRow>(base, {
      ...query,
      select: 'a.*',
      orderBy: [{ column: 'a.seq', order: 'desc' }],
    });
    const ends = new Map<number, AuditEntry>();
    if (starts.length) {
      const rows: RawDbEntryRow[] = await this.db<RawDbEntryRow>(
        'audit_entries',
      )
        .whereIn(
          'initiated_seq',
          starts.map(row => Number(row.seq)),
        )
        .orderBy('seq', 'asc')
        .select('*');
      // Should an action have two outcomes, the later one stands.
      for (const row of rows) {
        ends.set(Number(row.initiated_seq), fromRow(row));
      }
    }
    return {
      items: starts.map(row => {
        const start = fromRow(row);
        return { start, end: ends.get(start.seq) ?? null };
      }),
      totalCount,
    };
  }

  async entriesAbout(targets: string[]): Promise<AuditEntry[]> {
    if (!targets.length) return [];
    const rows: RawDbEntryRow[] = await this.db<RawDbEntryRow>('audit_entries')
      .whereIn('target', targets.map(storableText))
      .orderBy('seq', 'desc')
      .limit(500)
      .select('*');
    return rows.map(fromRow);
  }

  async actionNames(): Promise<AuditActionName[]> {
    const rows: Array<{ plugin: string; action: string }> = await this.db(
      'audit_entries',
    )
      .distinct('plugin', 'action')
      .orderBy([
        { column: 'plugin', order: 'asc' },
        { column: 'action', order: 'asc' },
      ]);
    return rows.map(({ plugin, action }) => ({ plugin, action }));
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
    const broken: AuditBrokenLink[] = [];
    let brokenCount = 0;
    const report = (seq: number, reason: string) => {
      brokenCount += 1;
      if (broken.length < MAX_REPORTED) {
        broken.push({ seq, reason });
      }
    };
    let checked = 0;
    const result = (): AuditVerifyResult => ({
      ok: brokenCount === 0,
      checked,
      broken,
      brokenCount,
      ...(broken.length ? { firstBroken: broken[0] } : {}),
    });
    if (!head) {
      report(1, 'the chain head row is missing');
      return result();
    }
    const headSeq = Number(head.seq);
    // Every link is judged on its own, so one altered entry does not hide
    // another further on: an entry's content against its own hash, and its
    // prevHash against the stored hash of the entry before it.
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const rows = await this.db<RawDbEntryRow>('audit_entries')
        .where('seq', '>=', expectedSeq)
        .where('seq', '<=', headSeq)
        .orderBy('seq', 'asc')
        .limit(BATCH_SIZE);
      for (const row of rows) {
        const seq = Number(row.seq);
        checked += 1;
        const reasons: string[] = [];
        if (seq !== expectedSeq) {
          // The gap explains why this entry's prevHash does not match: one report.
          report(
            expectedSeq,
            `${describeRange(
              expectedSeq,
              seq - 1,
            )} missing: entry ${seq} follows entry ${expectedSeq - 1}`,
          );
        } else if (row.prev_hash !== prevHash) {
          reasons.push(
            seq === 1
              ? 'the first entry does not start from the genesis hash'
              : `its prevHash does not match the hash of entry ${
                  seq - 1
                } (one of the two was rewritten)`,
          );
        }
        let entry: AuditEntry | undefined;
        try {
          entry = fromRow(row);
        } catch {
          reasons.push('its details are not valid JSON (altered)');
        }
        if (entry && entryHash(row.prev_hash, entry) !== row.hash) {
          reasons.push(
            'its content does not match its hash (the entry or its hash was altered)',
          );
        }
        if (reasons.length) {
          report(seq, reasons.join('; '));
        }
        prevHash = row.hash;
        expectedSeq = seq + 1;
      }
      if (rows.length < BATCH_SIZE) {
        break;
      }
    }
    if (expectedSeq - 1 !== headSeq) {
      report(
        expectedSeq,
        `${describeRange(
          expectedSeq,
          headSeq,
        )} missing: the chain head is at entry ${headSeq}`,
      );
    } else if (head.hash !== prevHash) {
      report(headSeq, `the chain head's hash does not match entry ${headSeq}`);
    }
    return result();
  }

  private filtered(filter: AuditEntryFilter) {
    return applyFilter(this.db<RawDbEntryRow>('audit_entries'), filter, '');
  }
}

function applyFilter<Q extends Knex.QueryBuilder>(
  query: Q,
  filter: AuditEntryFilter,
  prefix: '' | 'a.',
): Q {
  // Compared as stored: a lone surrogate in a filter would never match anything otherwise.
  const eq = (column: string, value: string | undefined) => {
    if (value) query.where(`${prefix}${column}`, storableText(value));
  };
  eq('actor', filter.actor);
  eq('action', filter.action);
  eq('target', filter.target);
  eq('plugin', filter.plugin);
  eq('outcome', filter.outcome);
  eq('request_id', filter.requestId);
  // Times are stored as toISOString() text, which sorts as it reads.
  if (filter.from) query.where(`${prefix}time`, '>=', filter.from);
  if (filter.to) query.where(`${prefix}time`, '<', filter.to);
  return query;
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
    client_request_id: entry.clientRequestId,
    initiated_seq: entry.initiatedSeq,
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
    clientRequestId: row.client_request_id ?? null,
    initiatedSeq:
      row.initiated_seq === null || row.initiated_seq === undefined
        ? null
        : Number(row.initiated_seq),
    clientAddress: row.client_address,
    details: JSON.parse(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
