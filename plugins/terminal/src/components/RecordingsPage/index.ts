export { RecordingsPage } from './RecordingsPage';
