import {
  AuditActionName,
  AuditEntry,
  AuditEntryFilter,
  AuditEntryList,
  AuditEntryQuery,
  AuditVerifyResult,
} from '@opssight/plugin-audit-common';

/** An event to append; the store assigns seq, time and the hashes. */
export type NewAuditEntry = Omit<
  AuditEntry,
  'seq' | 'time' | 'prevHash' | 'hash' | 'clientRequestId' | 'initiatedSeq'
> & {
  clientRequestId?: string | null;
  /** On an outcome: the seq of the action's initiated entry. */
  initiatedSeq?: number | null;
};

/** An action as stored: its initiated (or only) entry and its outcome entry. */
export type FoldedAction = { start: AuditEntry; end: AuditEntry | null };

/** The hash-chained audit trail. */
export interface AuditStore {
  /**
   * Appends one entry under the chain-head lock and resolves once it is
   * committed; rejects when it could not be written.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** A page of matching entries, newest first. */
  list(query: AuditEntryQuery): Promise<AuditEntryList>;
  /**
   * A page of actions, newest first: each initiated entry with the outcome
   * entry that names it. Filters apply to the action; `outcome` to its outcome.
   */
  listActions(
    query: AuditEntryQuery,
  ): Promise<{ items: FoldedAction[]; totalCount: number }>;
  /** The newest entries (at most 500) whose target is one of `targets`. */
  entriesAbout(targets: string[]): Promise<AuditEntry[]>;
  /** Every plugin and action that occurs in the trail. */
  actionNames(): Promise<AuditActionName[]>;
  /** Every matching entry in chain order, read in batches. */
  export(filter: AuditEntryFilter): AsyncIterable<AuditEntry>;
  /** Walks the whole chain in seq order, in batches, reporting every broken link. */
  verify(): Promise<AuditVerifyResult>;
}
