/** How an audited action ended; `initiated` is written before the action runs. */
export const AUDIT_OUTCOMES = [
  'initiated',
  'succeeded',
  'failed',
  'denied',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Backstage's auditor severities, lowest first. */
export const AUDIT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AuditSeverity = (typeof AUDIT_SEVERITIES)[number];

/** A JSON value, as stored in an entry's details. */
export type AuditJsonValue =
  | string
  | number
  | boolean
  | null
  | AuditJsonValue[]
  | { [key in string]?: AuditJsonValue };

/** One link of the audit trail. */
export type AuditEntry = {
  /** Position in the chain: 1, 2, 3, … with no gaps. */
  seq: number;
  /** ISO 8601 UTC time the entry was written. */
  time: string;
  /** Plugin that emitted the event, e.g. `machines`, `catalog`. */
  plugin: string;
  /** User entity ref, service subject (`plugin:catalog`), or `anonymous`. */
  actor: string;
  /** The auditor's event id, e.g. `machine-create`. */
  action: string;
  /** What the action was done to, when known (entity ref, id, path). */
  target: string | null;
  outcome: AuditOutcome;
  severity: AuditSeverity;
  /** Shared by the `initiated` entry and its outcome, and by every event of one HTTP request. */
  requestId: string;
  clientAddress: string | null;
  /** Event metadata, request method and URL, error; secrets are removed before writing. */
  details: { [key in string]?: AuditJsonValue };
  /** Hash of the previous entry; 64 zeros for the first. */
  prevHash: string;
  /** sha256 hex of prevHash and this entry's fields. */
  hash: string;
};

export type AuditEntryList = {
  /** Newest first. */
  items: AuditEntry[];
  totalCount: number;
};

/** What verifying the chain found. */
export type AuditVerifyResult = {
  ok: boolean;
  /** Entries walked. */
  checked: number;
  /** The first entry at which the chain is broken. */
  firstBroken?: {
    seq: number;
    reason: string;
  };
};
