import {
  AuditEntry,
  AuditEntryFilter,
  AuditEntryList,
  AuditEntryQuery,
  AuditVerifyResult,
} from '@opssight/plugin-audit-common';

/** An event to append; the store assigns seq, time and the hashes. */
export type NewAuditEntry = Omit<
  AuditEntry,
  'seq' | 'time' | 'prevHash' | 'hash'
>;

/** The hash-chained audit trail. */
export interface AuditStore {
  /**
   * Appends one entry under the chain-head lock and resolves once it is
   * committed; rejects when it could not be written.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** A page of matching entries, newest first. */
  list(query: AuditEntryQuery): Promise<AuditEntryList>;
  /** Every matching entry in chain order, read in batches. */
  export(filter: AuditEntryFilter): AsyncIterable<AuditEntry>;
  /** Walks the whole chain in seq order, in batches, up to the first broken link. */
  verify(): Promise<AuditVerifyResult>;
}
