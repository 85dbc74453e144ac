/**
 * Audit: the audit trail's page (filters, export, chain verification) and its
 * API client.
 *
 * @packageDocumentation
 */
export { auditPlugin as default } from './plugin';
export { auditApiRef, AuditClient } from './api';
export type { AuditApi, AuditEntryPageQuery, AuditExport } from './api';
