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
  /**
   * Assigned by the server: shared by the `initiated` entry and its outcome,
   * and by every event of one HTTP request.
   */
  requestId: string;
  /** The X-Request-Id the client sent, if any (at most 128 characters); never trusted as the request id. */
  clientRequestId: string | null;
  /** On an outcome entry (succeeded, failed, denied): the seq of its action's `initiated` entry. */
  initiatedSeq: number | null;
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

/** One place where the chain does not hold. */
export type AuditBrokenLink = {
  /** The entry that was altered, whose link does not match, or the first one missing. */
  seq: number;
  reason: string;
};

/** What verifying the chain found: every broken link, not only the first. */
export type AuditVerifyResult = {
  ok: boolean;
  /** Entries walked. */
  checked: number;
  /** Broken links in chain order (the first 1,000 when there are more). */
  broken: AuditBrokenLink[];
  /** How many broken links there are in all. */
  brokenCount: number;
  /** The first broken link (`broken[0]`), kept for older readers. */
  firstBroken?: AuditBrokenLink;
};

/** What kind of thing an action was done to, when the trail can tell. */
export type AuditTargetKind =
  | 'machine'
  | 'machine-group'
  | 'cluster'
  | 'credential'
  | 'user'
  | 'run'
  | 'recording'
  | 'snippet';

/** An action's target as people read it: its name, and what it is so it can link to its page. */
export type AuditTarget = {
  /** The target as written in the entry (an id, an entity ref, a path). */
  text: string;
  kind?: AuditTargetKind;
  /** The id or entity ref of the thing, for its page. */
  id?: string;
  /** Its name, when known (resolved on the server). */
  name?: string;
  /** The catalog entity of a machine or cluster, when there is one. */
  entityRef?: string;
};

/**
 * One audited action: the entry written before it ran and the entry with its
 * outcome, which names the first by seq (both are links of the chain).
 */
export type AuditAction = {
  /** The `initiated` entry, or the only entry of an action that has no separate start (a denial below the stored severity). */
  start: AuditEntry;
  /** The entry with the outcome; null while the action runs or if its outcome was never written. */
  end: AuditEntry | null;
  /** `end`'s outcome, else `start`'s (`initiated` while no outcome is known). */
  outcome: AuditOutcome;
  target: AuditTarget | null;
};

export type AuditActionList = {
  /** Newest first. */
  items: AuditAction[];
  totalCount: number;
};

/** An action that occurs in the trail, for the action filter. */
export type AuditActionName = {
  plugin: string;
  action: string;
};
