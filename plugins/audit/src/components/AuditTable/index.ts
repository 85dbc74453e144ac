export { AuditTable } from './AuditTable';
