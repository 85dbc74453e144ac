export {
  MachinesTable,
  sshLabel,
  ROWS_PER_PAGE_OPTIONS,
} from './MachinesTable';
export type { MachineStatus } from './MachinesTable';
