export { JobView } from './JobView';
export type { JobViewProps } from './JobView';
export { JobHeader } from './JobHeader';
export type { JobHeaderProps } from './JobHeader';
