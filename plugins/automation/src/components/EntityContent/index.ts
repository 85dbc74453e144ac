export { EntityMachineRuns } from './EntityMachineRuns';
export { EntityClusterAutomation } from './EntityClusterAutomation';
