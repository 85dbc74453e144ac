/**
 * The machine registry as a service for backend plugins: machines by id, IP,
 * group or tag, registration, and SSH targets with their pinned host keys.
 * The one client of the machines plugin's API in OpsSight's backends.
 *
 * @packageDocumentation
 */
export {
  DefaultMachinesService,
  machinesServiceRef,
  sshTargetOf,
} from './MachinesService';
export type {
  MachineFilter,
  MachinesRequestOptions,
  MachinesService,
  MachineSshTarget,
} from './MachinesService';
