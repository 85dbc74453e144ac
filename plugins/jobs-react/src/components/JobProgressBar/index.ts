export { JobProgressBar, describeProgress } from './JobProgressBar';
export type { JobProgressBarProps } from './JobProgressBar';
