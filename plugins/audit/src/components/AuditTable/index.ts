export { AuditTable, ROWS_PER_PAGE_OPTIONS } from './AuditTable';
