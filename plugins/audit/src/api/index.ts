export { auditApiRef } from './AuditApi';
export type { AuditApi, AuditEntryPageQuery, AuditExport } from './AuditApi';
export { AuditClient } from './AuditClient';
export { errorMessage, errorStatus } from '@opssight/plugin-api-react';
