export { BulkAddDialog } from './BulkAddDialog';
