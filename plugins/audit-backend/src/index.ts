/**
 * The OpsSight audit trail: an auditor that replaces Backstage's default and
 * writes every plugin's audit events to a hash-chained table, and the plugin
 * that serves them at /api/audit.
 *
 * @packageDocumentation
 */
export { auditPlugin as default } from './plugin';
export {
  auditorServiceFactory,
  auditorServiceFactory as opssightAuditorServiceFactory,
} from './service/auditorServiceFactory';
export { auditStoreServiceRef } from './service/auditStoreServiceRef';
export type { AuditStore, NewAuditEntry } from './database/AuditStore';
