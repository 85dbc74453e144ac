export { MachineFormDialog } from './MachineFormDialog';
