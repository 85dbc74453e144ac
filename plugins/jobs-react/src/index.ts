/**
 * The live views of OpsSight's job engine: every long operation (bulk SSH
 * scripts, Ansible and Terraform runs) is shown with these.
 *
 * `JobView` is the whole page body for one job; it follows the job's event
 * stream with `useJobEvents` and composes the pure components below, which
 * take their data as props.
 *
 * @packageDocumentation
 */

export { useJobEvents } from './hooks/useJobEvents';
export type { JobEventsState, UseJobEventsOptions } from './hooks/useJobEvents';
export { applyJobEvent, EMPTY_JOB_EVENTS } from './hooks/jobEventsSnapshot';
export type { JobEventsSnapshot } from './hooks/jobEventsSnapshot';

export { JobView, JobHeader } from './components/JobView';
export type { JobViewProps, JobHeaderProps } from './components/JobView';
export { JobStatusChip, TargetStatusChip } from './components/JobStatusChip';
export type {
  JobStatusChipProps,
  TargetStatusChipProps,
} from './components/JobStatusChip';
export { JobProgressBar, describeProgress } from './components/JobProgressBar';
export type { JobProgressBarProps } from './components/JobProgressBar';
export { JobLogView, formatJobLog } from './components/JobLogView';
export type { JobLogViewProps } from './components/JobLogView';
export {
  JobTargetGrid,
  describeTargetResult,
} from './components/JobTargetGrid';
export type { JobTargetGridProps } from './components/JobTargetGrid';
export {
  JobOutputGroups,
  groupTargetOutputs,
  describeGroupResult,
} from './components/JobOutputGroups';
export type {
  JobOutputGroupsProps,
  TargetOutputGroup,
  GroupedTargetOutputs,
} from './components/JobOutputGroups';
export { RerunFailedButton, CancelJobButton } from './components/JobActions';
export type {
  RerunFailedButtonProps,
  CancelJobButtonProps,
} from './components/JobActions';

export {
  JOB_STATUS_LOOK,
  TARGET_STATUS_LOOK,
  TARGET_ERROR_LABEL,
  toneColor,
} from './status';
export type { StatusTone, StatusLook } from './status';

// For the tests of plugins that show jobs.
export {
  fakeJobEventsServer,
  toServerSentEvent,
} from './testing/fakeJobEventsServer';
export type {
  FakeJobEventsServer,
  FakeJobEventsResponse,
} from './testing/fakeJobEventsServer';
export { makeJob, makeJobTarget, makeJobLogChunk } from './testing/makeJob';
