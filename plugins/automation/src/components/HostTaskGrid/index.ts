export { HostTaskGrid, cellColor, cellLook, CELL_LABEL } from './HostTaskGrid';
export { TaskResultDialog } from './TaskResultDialog';
export { RecapTable } from './RecapTable';
