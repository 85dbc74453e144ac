export { EntityMachineContent, MachineDetails } from './EntityMachineContent';
