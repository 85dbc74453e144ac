import { NotFoundError } from '@backstage/errors';
import {
  AutomationRun,
  RunSourceRecord,
  RunTrigger,
} from '@opssight/plugin-automation-common';
import { FINAL_JOB_STATUSES } from '@opssight/plugin-jobs-common';
import { migratedStore, pageOfRows } from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { AnsibleEvent } from '../ansible/events';
import { NewRun, RunFilter, RunStore, StoredRun } from './RunStore';

const RUNS = 'automation_runs';
const MACHINES = 'automation_run_machines';
const EVENTS = 'automation_run_events';
/** A stored event's JSON beyond this is cut to an excerpt (the callback already caps each field). */
const MAX_EVENT_JSON = 64 * 1024;
/** Rows per insert: well under SQLite's limit of bound variables. */
const INSERT_CHUNK = 50;

type RawRunRow = {
  id: string;
  template_id: string;
  template_name: string;
  project_id: string;
  project_name: string;
  source_kind: string;
  source_url: string | null;
  source_ref: string | null;
  source_commit: string | null;
  source_version: number | null;
  playbook: string;
  inventory_id: string;
  inventory_name: string;
  inventory_snapshot: string;
  inventory_sha256: string;
  trigger: string;
  sealed_answers: string | null;
  status: string;
  created_by: string;
  created_at: string;
};

type RawEventRow = {
  run_id: string;
  seq: number;
  type: string;
  host: string | null;
  task_id: string | null;
  status: string | null;
  changed: boolean | number;
  duration_ms: number | null;
  result: string | null;
  hidden: boolean | number;
};

function sourceOf(row: RawRunRow): RunSourceRecord {
  return row.source_kind === 'git'
    ? {
        kind: 'git',
        url: row.source_url ?? '',
        ref: row.source_ref ?? '',
        commit: row.source_commit,
      }
    : { kind: 'files', version: Number(row.source_version) };
}

function runOf(row: RawRunRow, machineIds: string[]): AutomationRun {
  return {
    id: row.id,
    templateId: row.template_id,
    templateName: row.template_name,
    projectId: row.project_id,
    projectName: row.project_name,
    source: sourceOf(row),
    playbook: row.playbook,
    inventoryId: row.inventory_id,
    inventoryName: row.inventory_name,
    inventorySha256: row.inventory_sha256,
    trigger: row.trigger as RunTrigger,
    machineIds,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** What the columns of an event do not hold, as JSON. */
function restOf(event: AnsibleEvent): string | null {
  const { type: _type, ...rest } = event as AnsibleEvent &
    Record<string, unknown>;
  for (const key of [
    'id',
    'host',
    'task',
    'status',
    'changed',
    'durationMs',
    'hidden',
  ]) {
    delete (rest as Record<string, unknown>)[key];
  }
  const json = JSON.stringify(rest);
  if (json.length <= MAX_EVENT_JSON) return json;
  return JSON.stringify({
    at: (event as { at?: number }).at,
    result: { truncated: true, excerpt: json.slice(0, 4000) },
  });
}

function eventRow(
  runId: string,
  seq: number,
  event: AnsibleEvent,
): RawEventRow {
  const row: RawEventRow = {
    run_id: runId,
    seq,
    type: event.type,
    host: null,
    task_id: null,
    status: null,
    changed: false,
    duration_ms: null,
    result: restOf(event),
    hidden: false,
  };
  if (event.type === 'play' || event.type === 'task') row.task_id = event.id;
  if (event.type === 'result') {
    row.host = event.host;
    row.task_id = event.task;
    row.status = event.status;
    row.changed = event.changed;
    row.duration_ms =
      event.durationMs === null ? null : Math.round(event.durationMs);
    row.hidden = Boolean(event.hidden);
    // A no_log result keeps nothing but its status.
    if (row.hidden) row.result = JSON.stringify({ at: event.at });
  }
  return row;
}

function eventOf(row: RawEventRow): AnsibleEvent {
  const rest = row.result ? JSON.parse(row.result) : {};
  switch (row.type) {
    case 'play':
    case 'task':
      return { ...rest, type: row.type, id: row.task_id };
    case 'result':
      return {
        ...rest,
        type: 'result',
        host: row.host,
        task: row.task_id,
        status: row.status,
        changed: Boolean(row.changed),
        durationMs: row.duration_ms,
        ...(row.hidden ? { hidden: true } : {}),
      };
    default:
      return { ...rest, type: row.type };
  }
}

/** The runs store on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseRunStore implements RunStore {
  static create = migratedStore(
    '@opssight/plugin-automation-backend',
    db => new DatabaseRunStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async create(run: NewRun): Promise<StoredRun> {
    const row: RawRunRow = {
      id: run.id,
      template_id: run.templateId,
      template_name: run.templateName,
      project_id: run.projectId,
      project_name: run.projectName,
      source_kind: run.source.kind,
      source_url: run.source.kind === 'git' ? run.source.url : null,
      source_ref: run.source.kind === 'git' ? run.source.ref : null,
      source_commit: run.source.kind === 'git' ? run.source.commit : null,
      source_version: run.source.kind === 'files' ? run.source.version : null,
      playbook: run.playbook,
      inventory_id: run.inventoryId,
      inventory_name: run.inventoryName,
      inventory_snapshot: JSON.stringify(run.inventory),
      inventory_sha256: run.inventorySha256,
      trigger: run.trigger,
      sealed_answers: run.sealedAnswers,
      status: 'queued',
      created_by: run.createdBy,
      created_at: new Date().toISOString(),
    };
    await this.db.transaction(async tx => {
      await tx(RUNS).insert(row);
      const machineIds = [...new Set(run.machineIds)];
      for (let i = 0; i < machineIds.length; i += INSERT_CHUNK) {
        await tx(MACHINES).insert(
          machineIds
            .slice(i, i + INSERT_CHUNK)
            .map(machine_id => ({ run_id: run.id, machine_id })),
        );
      }
    });
    return this.get(run.id);
  }

  async get(id: string): Promise<StoredRun> {
    const row = await this.db<RawRunRow>(RUNS).where({ id }).first();
    if (!row) throw new NotFoundError(`No run with id '${id}'`);
    const machines = await this.machinesOf([id]);
    return {
      ...runOf(row, machines.get(id) ?? []),
      inventory: JSON.parse(row.inventory_snapshot),
      sealedAnswers: row.sealed_answers,
    };
  }

  async list(filter: RunFilter) {
    const query = this.db<RawRunRow>(RUNS);
    if (filter.templateId) query.where('template_id', filter.templateId);
    if (filter.status) query.where('status', filter.status);
    if (filter.machineId) {
      query.whereIn(
        'id',
        this.db(MACHINES)
          .select('run_id')
          .where('machine_id', filter.machineId),
      );
    }
    const page = await pageOfRows<RawRunRow>(query, {
      orderBy: [
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ],
      limit: filter.limit,
      offset: filter.offset,
    });
    const machines = await this.machinesOf(page.rows.map(r => r.id));
    return {
      rows: page.rows.map(r => runOf(r, machines.get(r.id) ?? [])),
      totalCount: page.totalCount,
    };
  }

  private async machinesOf(runIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (runIds.length === 0) return out;
    const rows: Array<{ run_id: string; machine_id: string }> = await this.db(
      MACHINES,
    )
      .whereIn('run_id', runIds)
      .orderBy('machine_id');
    for (const row of rows) {
      out.set(row.run_id, [...(out.get(row.run_id) ?? []), row.machine_id]);
    }
    return out;
  }

  async live() {
    return this.db<RawRunRow>(RUNS)
      .whereNotIn('status', FINAL_JOB_STATUSES as string[])
      .select('id', 'status');
  }

  async setStatus(id: string, status: string) {
    await this.db(RUNS).where({ id }).update({ status });
  }

  async setCommit(id: string, commit: string) {
    await this.db(RUNS).where({ id }).update({ source_commit: commit });
  }

  async appendEvents(runId: string, firstSeq: number, events: AnsibleEvent[]) {
    const rows = events.map((event, i) => eventRow(runId, firstSeq + i, event));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db(EVENTS).insert(rows.slice(i, i + INSERT_CHUNK));
    }
  }

  async events(runId: string): Promise<AnsibleEvent[]> {
    const rows = await this.db<RawEventRow>(EVENTS)
      .where({ run_id: runId })
      .orderBy('seq');
    return rows.map(eventOf);
  }

  async counts() {
    const rows: Array<{ status: string; count: string | number }> =
      await this.db(RUNS)
        .select('status')
        .count({ count: '*' })
        .groupBy('status');
    return Object.fromEntries(rows.map(r => [r.status, Number(r.count)]));
  }
}
