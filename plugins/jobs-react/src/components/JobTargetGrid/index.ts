export { JobTargetGrid, describeTargetResult } from './JobTargetGrid';
export type { JobTargetGridProps } from './JobTargetGrid';
