export { JobOutputGroups } from './JobOutputGroups';
export type { JobOutputGroupsProps } from './JobOutputGroups';
export { groupTargetOutputs, describeGroupResult } from './groupTargetOutputs';
export type {
  TargetOutputGroup,
  GroupedTargetOutputs,
} from './groupTargetOutputs';
