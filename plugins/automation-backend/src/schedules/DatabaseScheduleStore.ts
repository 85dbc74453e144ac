import { NotFoundError } from '@backstage/errors';
import { ScheduleCatchUp } from '@opssight/plugin-automation-common';
import { migratedStore, pageOfRows } from '@opssight/plugin-http-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { ScheduleFields, ScheduleStore, StoredSchedule } from './ScheduleStore';

const SCHEDULES = 'automation_schedules';

type RawScheduleRow = {
  id: string;
  template_id: string;
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean | number;
  answers: string;
  sealed_answers: string | null;
  catch_up: string;
  owner: string;
  next_fire_at: string | null;
  last_fired_at: string | null;
  last_run_id: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
};

function scheduleOf(row: RawScheduleRow): StoredSchedule {
  return {
    id: row.id,
    templateId: row.template_id,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    enabled: Boolean(row.enabled),
    answers: JSON.parse(row.answers),
    sealedAnswers: row.sealed_answers,
    catchUp: row.catch_up as ScheduleCatchUp,
    owner: row.owner,
    nextFireAt: row.next_fire_at,
    lastFiredAt: row.last_fired_at,
    lastRunId: row.last_run_id,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(fields: ScheduleFields) {
  return {
    template_id: fields.templateId,
    name: fields.name,
    cron: fields.cron,
    timezone: fields.timezone,
    enabled: fields.enabled,
    answers: JSON.stringify(fields.answers),
    sealed_answers: fields.sealedAnswers,
    catch_up: fields.catchUp,
    next_fire_at: fields.enabled ? fields.nextFireAt : null,
  };
}

/** The schedules on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseScheduleStore implements ScheduleStore {
  static create = migratedStore(
    '@opssight/plugin-automation-backend',
    db => new DatabaseScheduleStore(db),
  );

  private constructor(private readonly db: Knex) {}

  async create(fields: ScheduleFields, owner: string) {
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.db(SCHEDULES).insert({
      id,
      ...columns(fields),
      owner,
      created_at: now,
      updated_at: now,
    });
    return this.get(id);
  }

  async get(id: string) {
    const row = await this.db<RawScheduleRow>(SCHEDULES).where({ id }).first();
    if (!row) throw new NotFoundError(`No schedule with id '${id}'`);
    return scheduleOf(row);
  }

  async list(filter: { templateId?: string; limit: number; offset: number }) {
    const query = this.db<RawScheduleRow>(SCHEDULES);
    if (filter.templateId) query.where('template_id', filter.templateId);
    const page = await pageOfRows<RawScheduleRow>(query, {
      orderBy: [
        { column: 'enabled', order: 'desc' },
        { column: 'next_fire_at', order: 'asc' },
        { column: 'name', order: 'asc' },
      ],
      limit: filter.limit,
      offset: filter.offset,
    });
    return { rows: page.rows.map(scheduleOf), totalCount: page.totalCount };
  }

  async update(id: string, fields: ScheduleFields) {
    const count = await this.db(SCHEDULES)
      .where({ id })
      .update({ ...columns(fields), updated_at: new Date().toISOString() });
    if (!count) throw new NotFoundError(`No schedule with id '${id}'`);
    return this.get(id);
  }

  async delete(id: string) {
    const count = await this.db(SCHEDULES).where({ id }).delete();
    if (!count) throw new NotFoundError(`No schedule with id '${id}'`);
  }

  async due(now: string) {
    const rows = await this.db<RawScheduleRow>(SCHEDULES)
      .where('enabled', true)
      .whereNotNull('next_fire_at')
      .where('next_fire_at', '<=', now)
      .orderBy('next_fire_at');
    return rows.map(scheduleOf);
  }

  async claim(id: string, fireAt: string, nextFireAt: string | null) {
    // Only one replica's UPDATE still finds the fire time it saw.
    const count = await this.db(SCHEDULES)
      .where({ id, next_fire_at: fireAt, enabled: true })
      .update({ next_fire_at: nextFireAt });
    return count === 1;
  }

  async recordFire(
    id: string,
    outcome: { firedAt: string; runId: string | null; error: string | null },
  ) {
    await this.db(SCHEDULES).where({ id }).update({
      last_fired_at: outcome.firedAt,
      last_run_id: outcome.runId,
      last_error: outcome.error,
    });
  }
}
