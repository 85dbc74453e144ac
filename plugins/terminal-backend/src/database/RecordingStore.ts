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
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    if (String(client.client.config.client).includes('sqlite')) {
      // Recordings are written while sessions run, a chunk at a time. SQLite's
      // default journal syncs the disk several times per commit, on the event
      // loop; with a write-ahead log and one sync per checkpoint a crash can
      // still lose only the last commits, never the file.
      await client.raw('PRAGMA journal_mode = WAL');
      await client.raw('PRAGMA synchronous = NORMAL');
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

  /** Appends one chunk of event lines and counts the output it holds. */
  async appendChunk(
    sessionId: string,
    seq: number,
    events: string,
    outputBytes: number,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('terminal_recording_chunks').insert({
        session_id: sessionId,
        seq,
        events,
      });
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
    const [{ count }] = await filtered.clone().count({ count: '*' });
    const rows = await filtered
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(query.limit)
      .offset(query.offset);
    return {
      items: rows.map(toRecording),
      totalCount: Number(count),
    };
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

function toUtc(iso: string): string {
  return new Date(iso).toISOString();
}
