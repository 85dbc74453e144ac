import { pageOfRows } from '@opssight/plugin-http-node';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  RecordingList,
  RecordingsFilter,
  TerminalRecording,
} from '@opssight/plugin-terminal-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@opssight/plugin-terminal-backend',
  'migrations',
);

/** Chunks read per query when streaming a recording out. */
const CHUNK_PAGE = 64;
/** SQLite's write-ahead log is copied into the database (and the disk synced) after this much. */
const SQLITE_CHECKPOINT_BYTES = 8 * 1024 * 1024;
/** SQLite's largest page size: a recording chunk is a few pages, not hundreds. */
const SQLITE_PAGE_SIZE = 65536;
/** A database up to this size is rewritten once to the larger pages. */
const SQLITE_REPAGE_MAX_BYTES = 64 * 1024 * 1024;

type SessionRow = {
  id: string;
  user_ref: string;
  machine_id: string;
  machine_hostname: string;
  machine_ip: string;
  credential_id: string;
  username: string;
  cols: number;
  rows: number;
  started_at: string;
  ended_at: string | null;
  end_reason: string | null;
  last_event_at: string | null;
  bytes_out: number | string;
  has_input: boolean | number;
};

/** Event lines of a recording, numbered in order from 0. */
export type RecordingChunk = { seq: number; events: Buffer };

export type NewRecording = Omit<
  TerminalRecording,
  'endedAt' | 'endReason' | 'bytesOut' | 'lastEventAt'
>;

function toRecording(row: SessionRow): TerminalRecording {
  return {
    id: row.id,
    userRef: row.user_ref,
    machineId: row.machine_id,
    machineHostname: row.machine_hostname,
    machineIp: row.machine_ip,
    credentialId: row.credential_id,
    username: row.username,
    cols: row.cols,
    rows: row.rows,
    startedAt: row.started_at,
    endedAt: row.ended_at ?? null,
    endReason: row.end_reason ?? null,
    lastEventAt: row.last_event_at ?? null,
    bytesOut: Number(row.bytes_out),
    hasInput: Boolean(row.has_input),
  };
}

/** Sessions and their asciicast recordings, in the terminal plugin's database. */
export class RecordingStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<RecordingStore> {
    const client = await options.database.getClient();
    const sqlite = String(client.client.config.client).includes('sqlite');
    if (sqlite) {
      await useLargePages(client);
    }
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    if (sqlite) {
      // Recordings are written while sessions run, a chunk at a time. SQLite's
      // default journal syncs the disk several times per commit, on the event
      // loop; with a write-ahead log and one sync per checkpoint a crash can
      // still lose only the last commits, never the file.
      await client.raw('PRAGMA journal_mode = WAL');
      await client.raw('PRAGMA synchronous = NORMAL');
      // Short, regular checkpoints rather than one long pause per 1000 pages.
      const [{ page_size: pageSize }] = await client.raw('PRAGMA page_size');
      await client.raw(
        `PRAGMA wal_autocheckpoint = ${Math.ceil(
          SQLITE_CHECKPOINT_BYTES / pageSize,
        )}`,
      );
    }
    return new RecordingStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async startSession(recording: NewRecording): Promise<void> {
    await this.db<SessionRow>('terminal_sessions').insert({
      id: recording.id,
      user_ref: recording.userRef,
      machine_id: recording.machineId,
      machine_hostname: recording.machineHostname,
      machine_ip: recording.machineIp,
      credential_id: recording.credentialId,
      username: recording.username,
      cols: recording.cols,
      rows: recording.rows,
      started_at: recording.startedAt,
      has_input: recording.hasInput,
    });
  }

  /**
   * Appends chunks of event lines (UTF-8), in one transaction, and counts the
   * output they hold.
   */
  async appendChunks(
    sessionId: string,
    chunks: RecordingChunk[],
    outputBytes: number,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('terminal_recording_chunks').insert(
        chunks.map(chunk => ({
          session_id: sessionId,
          seq: chunk.seq,
          events: chunk.events.toString('utf8'),
        })),
      );
      await tx<SessionRow>('terminal_sessions')
        .where({ id: sessionId })
        .update({
          bytes_out: tx.raw('bytes_out + ?', [outputBytes]),
          last_event_at: new Date().toISOString(),
        });
    });
  }

  async endSession(
    sessionId: string,
    ending: { endedAt: string; endReason: string },
  ): Promise<void> {
    await this.db<SessionRow>('terminal_sessions')
      .where({ id: sessionId })
      .update({ ended_at: ending.endedAt, end_reason: ending.endReason });
  }

  async getRecording(id: string): Promise<TerminalRecording | undefined> {
    const row = await this.db<SessionRow>('terminal_sessions')
      .where({ id })
      .first();
    return row ? toRecording(row) : undefined;
  }

  async listRecordings(query: RecordingsFilter): Promise<RecordingList> {
    const filtered = this.db<SessionRow>('terminal_sessions').where(q => {
      if (query.user) q.where('user_ref', query.user);
      if (query.machineId) q.where('machine_id', query.machineId);
      // Stored as UTC ISO strings, so they compare as text.
      if (query.from) q.where('started_at', '>=', toUtc(query.from));
      if (query.to) q.where('started_at', '<', toUtc(query.to));
    });
    const { rows, totalCount } = await pageOfRows<SessionRow>(filtered, {
      ...query,
      orderBy: [
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ],
    });
    return { items: rows.map(toRecording), totalCount };
  }

  /** The recording's event lines, chunk by chunk, in order. */
  async *readEvents(sessionId: string): AsyncGenerator<string> {
    let after = -1;
    for (;;) {
      const rows: Array<{ seq: number; events: string }> = await this.db(
        'terminal_recording_chunks',
      )
        .where('session_id', sessionId)
        .andWhere('seq', '>', after)
        .orderBy('seq')
        .limit(CHUNK_PAGE)
        .select('seq', 'events');
      for (const row of rows) {
        yield row.events;
      }
      if (rows.length < CHUNK_PAGE) {
        return;
      }
      after = rows[rows.length - 1].seq;
    }
  }

  /** Deletes sessions (and their recordings) that started before `cutoff`; returns how many. */
  async deleteStartedBefore(cutoff: Date): Promise<number> {
    return this.db.transaction(async tx => {
      const old = tx<SessionRow>('terminal_sessions')
        .where('started_at', '<', cutoff.toISOString())
        .select('id');
      await tx('terminal_recording_chunks')
        .whereIn('session_id', old.clone())
        .delete();
      return Number(
        await tx<SessionRow>('terminal_sessions')
          .where('started_at', '<', cutoff.toISOString())
          .delete(),
      );
    });
  }
}

/**
 * Recordings are large text values, written on the event loop (SQLite is
 * synchronous): on 64 KiB pages writing a chunk costs about half what it does
 * on the default 4 KiB pages. The page size of a database is fixed once it
 * has tables (Backstage adds its own before the plugin starts), so a small
 * one is rewritten (VACUUM) once, outside the write-ahead log; a large one
 * keeps its pages rather than hold up the start, and so does one in memory.
 */
async function useLargePages(db: Knex): Promise<void> {
  const [{ page_size: pageSize }] = await db.raw('PRAGMA page_size');
  const [{ page_count: pages }] = await db.raw('PRAGMA page_count');
  if (
    pageSize >= SQLITE_PAGE_SIZE ||
    pageSize * pages > SQLITE_REPAGE_MAX_BYTES
  ) {
    return;
  }
  if (pages === 0) {
    await db.raw(`PRAGMA page_size = ${SQLITE_PAGE_SIZE}`);
    return;
  }
  try {
    await db.raw('PRAGMA journal_mode = DELETE');
    await db.raw(`PRAGMA page_size = ${SQLITE_PAGE_SIZE}`);
    await db.raw('VACUUM');
  } catch {
    // Another connection has the file open: the pages stay as they are.
  }
}

function toUtc(iso: string): string {
  return new Date(iso).toISOString();
}
