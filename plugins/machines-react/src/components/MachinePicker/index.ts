export { MachinePicker } from './MachinePicker';
export type { MachinePickerProps } from './MachinePicker';
