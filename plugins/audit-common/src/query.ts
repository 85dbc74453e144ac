import { z } from 'zod';
import {
  describeIssues,
  pageQuery,
  unknownKeys,
} from '@opssight/plugin-validation-common';
import { AUDIT_OUTCOMES } from './types';

const filterText = (max: number) =>
  z
    .string({ error: 'must be given once, as text' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .optional();

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/** A date (midnight UTC) or a date-time with its zone; normalised to ISO UTC. */
const time = z
  .string({ error: 'must be given once, as text' })
  .trim()
  .refine(
    v => isoDate.safeParse(v).success || isoDateTime.safeParse(v).success,
    {
      error: issue =>
        `'${issue.input}' is not an ISO 8601 date or time with zone (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)`,
    },
  )
  .transform(v => new Date(v).toISOString())
  .optional();

/** Filters shared by the entry list and the export. */
const filterShape = {
  actor: filterText(255),
  action: filterText(128),
  target: filterText(512),
  plugin: filterText(64),
  outcome: z
    .enum(AUDIT_OUTCOMES, {
      error: issue =>
        `'${issue.input}' is not one of ${AUDIT_OUTCOMES.join(', ')}`,
    })
    .optional(),
  requestId: filterText(128),
  /** Inclusive. */
  from: time,
  /** Exclusive. */
  to: time,
};

const unknownKeysMessage = unknownKeys('filter');

function fromBeforeTo(v: { from?: string; to?: string }) {
  return !v.from || !v.to || v.from < v.to;
}

const fromBeforeToIssue = {
  error: "must be later than 'from'",
  path: ['to'],
};

/** Query of `GET /export`: the filters, every matching entry in chain order. */
export const auditExportQuerySchema = z
  .strictObject(filterShape, { error: unknownKeysMessage })
  .refine(fromBeforeTo, fromBeforeToIssue);

const page = pageQuery(1000);

/** Query of `GET /entries`: the filters plus paging, newest first. */
export const auditEntryQuerySchema = z
  .strictObject(
    {
      ...filterShape,
      limit: page.limit.default(100),
      offset: page.offset.default(0),
    },
    { error: unknownKeysMessage },
  )
  .refine(fromBeforeTo, fromBeforeToIssue);

/** Filters as sent (query string values). */
export type AuditEntryQueryInput = z.input<typeof auditEntryQuerySchema>;
/** Filters after validation: times normalised to ISO UTC, paging defaults applied. */
export type AuditEntryQuery = z.output<typeof auditEntryQuerySchema>;
export type AuditEntryFilter = z.output<typeof auditExportQuerySchema>;

/** One line per problem, each naming the field: `limit: must be between 1 and 1000`. */
export const describeAuditQueryIssues = describeIssues;
