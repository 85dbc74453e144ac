import { Schedule, ScheduleCatchUp } from '@opssight/plugin-automation-common';
import { RowPage } from '@opssight/plugin-http-node';

/** A schedule as stored: its secret answers sealed apart. */
export type StoredSchedule = Omit<Schedule, 'answers'> & {
  /** The answers that are not secret. */
  answers: Record<string, unknown>;
  /** The secret answers, sealed (a vault checkout as JSON); null when none. */
  sealedAnswers: string | null;
};

export type ScheduleFields = {
  templateId: string;
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  answers: Record<string, unknown>;
  sealedAnswers: string | null;
  catchUp: ScheduleCatchUp;
  nextFireAt: string | null;
};

export interface ScheduleStore {
  create(fields: ScheduleFields, owner: string): Promise<StoredSchedule>;
  /** NotFoundError for an unknown schedule. */
  get(id: string): Promise<StoredSchedule>;
  /** Soonest first; disabled ones last. */
  list(filter: {
    templateId?: string;
    limit: number;
    offset: number;
  }): Promise<RowPage<StoredSchedule>>;
  update(id: string, fields: ScheduleFields): Promise<StoredSchedule>;
  delete(id: string): Promise<void>;
  /** Enabled schedules whose next fire time is at or before `now`. */
  due(now: string): Promise<StoredSchedule[]>;
  /**
   * Takes the fire at `fireAt` for this replica: moves the schedule on to
   * `nextFireAt` only if its next fire time is still `fireAt`. True for the
   * one replica that won.
   */
  claim(
    id: string,
    fireAt: string,
    nextFireAt: string | null,
  ): Promise<boolean>;
  /** What the fire led to: the run it started, or why it did not. */
  recordFire(
    id: string,
    outcome: { firedAt: string; runId: string | null; error: string | null },
  ): Promise<void>;
}
