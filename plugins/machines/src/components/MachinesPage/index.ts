export { MachinesPage } from './MachinesPage';
