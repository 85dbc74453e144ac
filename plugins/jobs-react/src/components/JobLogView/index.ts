export { JobLogView } from './JobLogView';
export type { JobLogViewProps } from './JobLogView';
export { formatJobLog } from './formatJobLog';
