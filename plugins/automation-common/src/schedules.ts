import { unknownKeys } from '@opssight/plugin-validation-common';
import { z } from 'zod';

/* The schedules part of the automation API: its types and request schemas. */

/**
 * What a fire missed while the portal was down does at start-up: run once
 * (however many were missed), or skip to the next one.
 */
export type ScheduleCatchUp = 'run-once' | 'skip';

/** A schedule: a template run on a cron expression in a time zone. */
export type Schedule = {
  id: string;
  templateId: string;
  name: string;
  /** Five fields (minute hour day month weekday), or six with seconds first. */
  cron: string;
  /** IANA time zone, e.g. `Europe/Paris`. */
  timezone: string;
  enabled: boolean;
  /** The survey's answers; a secret answer shows as `********`, never its value. */
  answers: Record<string, unknown>;
  catchUp: ScheduleCatchUp;
  /** Who created it; scheduled runs are started in their name. */
  owner: string;
  /** The next time it fires; null when disabled. */
  nextFireAt: string | null;
  lastFiredAt: string | null;
  lastRunId: string | null;
  /** Why the last fire did not start a run; null when it did. */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
};

/** How a secret answer of a schedule is shown (and sent back to keep it unchanged). */
export const HIDDEN_ANSWER = '********';

const cronSchema = z
  .string({ error: 'must be a cron expression' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');
const timezoneSchema = z
  .string({ error: 'must be a time zone' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/** POST /schedules and PUT /schedules/{id}. */
export const scheduleInputSchema = z.strictObject(
  {
    templateId: z
      .string({ error: 'must be a template id' })
      .min(1, 'must not be empty'),
    name: z
      .string({ error: 'must be a name' })
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters'),
    cron: cronSchema,
    timezone: timezoneSchema,
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    answers: z.record(z.string(), z.unknown()).default({}),
    catchUp: z
      .enum(['run-once', 'skip'], { error: "must be 'run-once' or 'skip'" })
      .default('skip'),
  },
  { error: unknownKeys('field') },
);
export type ScheduleInput = z.output<typeof scheduleInputSchema>;

/** POST /schedules/preview. */
export const schedulePreviewSchema = z.strictObject(
  { cron: cronSchema, timezone: timezoneSchema },
  { error: unknownKeys('field') },
);
export type SchedulePreviewRequest = z.output<typeof schedulePreviewSchema>;
