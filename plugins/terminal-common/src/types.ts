import { z } from 'zod';

/** What the terminal plugin tells the browser about its limits. */
export type TerminalSettings = {
  idleTimeoutMs: number;
  idleWarningMs: number;
  maxDurationMs: number;
  maxSessionsPerUser: number;
  /** Whether keystrokes are recorded too (off by default: they carry passwords). */
  recordInput: boolean;
  retentionDays: number;
};

/**
 * Ids are UUIDs, checked before they reach a URL or a query: a '.' would
 * otherwise name the machines list, and a lone surrogate would break the
 * request made with it.
 */
const machineIdSchema = z.uuid({
  error: issue =>
    issue.input === undefined ? 'is required' : 'must be a machine id',
});

/** A recording's id (the session id, a UUID). */
export const recordingIdSchema = z.uuid({ error: 'must be a recording id' });

export const openSessionRequestSchema = z
  .object({
    machineId: machineIdSchema,
    /** A vault credential; the machine's default credential when absent. */
    credentialId: z.uuid({ error: 'must be a credential id' }).optional(),
    cols: z.number().int().min(2).max(1000).default(80),
    rows: z.number().int().min(1).max(1000).default(24),
  })
  // A host or port would be a way around the registry: say so rather than ignore it.
  .strict();
export type OpenSessionRequest = z.input<typeof openSessionRequestSchema>;

export type OpenSessionResponse = {
  sessionId: string;
  /** Absolute path of the WebSocket, e.g. `/api/terminal/sessions/<id>/stream`. */
  streamPath: string;
  machine: { id: string; hostname: string; ip: string };
  credentialId: string;
};

/** One terminal session and its recording. */
export type TerminalRecording = {
  id: string;
  /** Entity ref of the user who opened it. */
  userRef: string;
  machineId: string;
  machineHostname: string;
  machineIp: string;
  /** The vault credential used (its id only). */
  credentialId: string;
  /** The account logged in as. */
  username: string;
  cols: number;
  rows: number;
  startedAt: string;
  endedAt: string | null;
  /** `null` while the session is live, or when its backend stopped without ending it. */
  endReason: string | null;
  /** When the last chunk was recorded; for a session never ended, about when it stopped. */
  lastEventAt: string | null;
  /** Terminal output in bytes. */
  bytesOut: number;
  /** Whether the recording holds keystrokes too. */
  hasInput: boolean;
};

export type RecordingList = { items: TerminalRecording[]; totalCount: number };

export const listRecordingsQuerySchema = z.object({
  /** Entity ref, e.g. `user:default/alice`. */
  user: z.string().min(1).optional(),
  machineId: machineIdSchema.optional(),
  /** ISO 8601; sessions started at or after. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** ISO 8601; sessions started before. */
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListRecordingsQuery = z.input<typeof listRecordingsQuerySchema>;
/** A parsed recordings query, defaults applied. */
export type RecordingsFilter = z.output<typeof listRecordingsQuerySchema>;
