import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AuditActionList,
  AuditActionName,
  AuditEntryFilter,
  AuditEntryList,
  AuditVerifyResult,
} from '@opssight/plugin-audit-common';

/** A page of the trail: the filters plus paging (newest first). */
export type AuditEntryPageQuery = AuditEntryFilter & {
  limit?: number;
  offset?: number;
};

/** A downloaded export: JSON Lines, one entry per line, oldest first. */
export interface AuditExport {
  blob: Blob;
  /** As the server names it, e.g. `opssight-audit-2026-01-31T12-00-00-000Z.jsonl`. */
  filename: string;
}

/** The audit trail backend, one method per operation of its OpenAPI contract. */
export interface AuditApi {
  listEntries(query?: AuditEntryPageQuery): Promise<AuditEntryList>;
  /** One item per action (its start and outcome entries), targets named. */
  listActions(query?: AuditEntryPageQuery): Promise<AuditActionList>;
  /** The plugin and action pairs that occur in the trail. */
  listActionNames(): Promise<AuditActionName[]>;
  exportEntries(filter?: AuditEntryFilter): Promise<AuditExport>;
  verifyChain(): Promise<AuditVerifyResult>;
}

export const auditApiRef = createApiRef<AuditApi>({
  id: 'plugin.audit.api',
});
