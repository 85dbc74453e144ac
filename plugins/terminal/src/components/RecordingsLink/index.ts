export { RecordingsLink } from './RecordingsLink';
