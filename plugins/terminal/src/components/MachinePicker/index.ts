export { MachinePicker } from './MachinePicker';
