export { SchedulesTab } from './SchedulesTab';
