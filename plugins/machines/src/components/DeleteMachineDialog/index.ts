export { DeleteMachineDialog } from './DeleteMachineDialog';
