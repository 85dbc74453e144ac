import { pageQuery, unknownKeys } from '@opssight/plugin-validation-common';
import { z } from 'zod';

/* The runs part of the automation API: its types and request schemas. */

/** Where a run's playbook came from, exactly. */
export type RunSourceRecord =
  | { kind: 'git'; url: string; ref: string; commit: string | null }
  | { kind: 'files'; version: number };

/** How a run was started: by hand, by a schedule, or as a re-run of another run. */
export type RunTrigger = 'manual' | `schedule:${string}` | `rerun:${string}`;

/**
 * What OpsSight keeps about a run beside its job (status, log, targets): what
 * it ran, where, and why. Never a secret.
 */
export type AutomationRun = {
  /** The run's job id. */
  id: string;
  templateId: string;
  templateName: string;
  projectId: string;
  projectName: string;
  source: RunSourceRecord;
  playbook: string;
  inventoryId: string;
  inventoryName: string;
  /** sha256 of the inventory snapshot the run used (GET /runs/{id}/inventory). */
  inventorySha256: string;
  trigger: RunTrigger;
  /** The registered machines in its inventory. */
  machineIds: string[];
  /** The job's status as last seen (the job itself is the authority). */
  status: string;
  createdBy: string;
  createdAt: string;
};

/** How one host ended one task, as the grid colours it. */
export type RunCellStatus =
  | 'ok'
  | 'changed'
  | 'failed'
  | 'ignored'
  | 'unreachable'
  | 'skipped';

/** A host's line of the PLAY RECAP. */
export type RunHostRecap = {
  ok: number;
  changed: number;
  unreachable: number;
  failures: number;
  skipped: number;
  rescued: number;
  ignored: number;
};

/** GET /runs/{id}/results: the host × task grid and the recap. */
export type RunResults = {
  plays: Array<{ id: string; name: string }>;
  tasks: Array<{
    id: string;
    play: string | null;
    name: string;
    action: string;
    path: string | null;
    handler: boolean;
  }>;
  hosts: string[];
  cells: Array<{
    host: string;
    task: string;
    status: RunCellStatus;
    changed: boolean;
    durationMs: number | null;
    hidden: boolean;
  }>;
  /** Host → its recap line; null until the play ends. */
  recap: Record<string, RunHostRecap> | null;
  hostKeyChanged: string[];
};

/** GET /runs/{id}/results/{host}/{taskId}: one cell with its capped result. */
export type RunCell = RunResults['cells'][number] & {
  /** Absent when hidden (no_log): the value is never stored. */
  result?: Record<string, unknown>;
};

/** GET /summary: what the automation home page shows. */
export type AutomationSummary = {
  recentRuns: AutomationRun[];
  nextSchedules: Array<{
    id: string;
    name: string;
    templateId: string;
    nextFireAt: string;
  }>;
  /** Runs by status (the job's status as last seen). */
  counts: Record<string, number>;
};

/** POST /templates/{id}/runs. */
export const runRequestSchema = z.strictObject(
  {
    answers: z.record(z.string(), z.unknown()).optional(),
    limit: z
      .array(
        z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(200)
          .regex(
            /^[^\s,]+$/,
            'must be one host or group pattern, no spaces or commas',
          ),
      )
      .max(500)
      .optional(),
  },
  { error: unknownKeys('field') },
);
export type RunRequest = z.output<typeof runRequestSchema>;

/** POST /runs/{id}/rerun. */
export const runRerunRequestSchema = z.strictObject(
  {
    targets: z.enum(['failed', 'all'], {
      error: "must be 'failed' or 'all'",
    }),
  },
  { error: unknownKeys('field') },
);
export type RunRerunRequest = z.output<typeof runRerunRequestSchema>;

const page = pageQuery(500);
const RUN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'interrupted',
] as const;

/** GET /runs. */
export const runListQuerySchema = z.strictObject(
  {
    templateId: z.string().min(1, 'must not be empty').optional(),
    machineId: z.string().min(1, 'must not be empty').optional(),
    status: z
      .enum(RUN_STATUSES, {
        error: `must be one of ${RUN_STATUSES.join(', ')}`,
      })
      .optional(),
    limit: page.limit.optional(),
    offset: page.offset.optional(),
  },
  { error: unknownKeys('filter') },
);
export type RunListQuery = z.output<typeof runListQuerySchema>;
