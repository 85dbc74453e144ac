/**
 * The job engine of OpsSight: jobs with per-target results and logs in the
 * owning plugin's database, claimed by exactly one replica, with heartbeats,
 * recovery, cancellation, timeouts, concurrency limits and a resumable
 * Server-Sent Events stream.
 *
 * @packageDocumentation
 */

export { createJobEngine } from './createJobEngine';
export { JobSlots } from './JobSlots';
export type {
  CreateJobEngineOptions,
  EnqueueJobInput,
  JobAbortReason,
  JobContext,
  JobEngine,
  JobHandler,
  JobListFilter,
  JobRequester,
  JobTargetResult,
  RerunJobOptions,
} from './types';
