export { JobStatusChip, TargetStatusChip } from './JobStatusChip';
export type {
  JobStatusChipProps,
  TargetStatusChipProps,
} from './JobStatusChip';
