import { mockServices } from '@backstage/backend-test-utils';
import { storeTest } from '@opssight/plugin-testing-node';
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewRecording, RecordingStore } from './RecordingStore';

jest.setTimeout(60_000);

function recording(overrides: Partial<NewRecording> = {}): NewRecording {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    userRef: 'user:default/alice',
    machineId: 'm-1',
    machineHostname: 'web-1',
    machineIp: '10.0.0.1',
    credentialId: 'c-1',
    username: 'ops',
    cols: 80,
    rows: 24,
    startedAt: '2026-11-20T10:00:00.000Z',
    hasInput: false,
    ...overrides,
  };
}

/** A chunk of one output event, `[seq,"o",text]`. */
function chunk(seq: number, text: string) {
  return {
    seq,
    events: Buffer.from(`${JSON.stringify([seq, 'o', text])}\n`),
  };
}

storeTest('RecordingStore', RecordingStore.create, t => {
  it('sets the database up for large text values', async () => {
    // SQLite: a recording chunk is a few 64 KiB pages, not hundreds of 4 KiB
    // ones. PostgreSQL: recordings are compressed with lz4 (these servers
    // have it).
    const setting =
      t.databaseId === 'SQLITE_3'
        ? (await t.knex.raw('PRAGMA page_size'))[0].page_size
        : (
            await t.knex.raw(
              `select attcompression from pg_attribute
               where attrelid = 'terminal_recording_chunks'::regclass and attname = 'events'`,
            )
          ).rows[0].attcompression;
    expect(setting).toBe(t.databaseId === 'SQLITE_3' ? 65536 : 'l');
  });

  it('keeps the chunks of a session in order and counts its output', async () => {
    await t.store.startSession(recording());
    // More chunks than one page of reading, written out of order.
    const seqs = Array.from({ length: 150 }, (_, i) => i).reverse();
    for (const seq of seqs) {
      await t.store.appendChunks(recording().id, [chunk(seq, 'x')], 1);
    }
    const read: string[] = [];
    for await (const events of t.store.readEvents(recording().id)) {
      read.push(events);
    }
    expect(read).toEqual(
      Array.from({ length: 150 }, (_, i) => `[${i},"o","x"]\n`),
    );
    const live = await t.store.getRecording(recording().id);
    expect(live).toMatchObject({
      bytesOut: 150,
      endedAt: null,
      endReason: null,
    });
    expect(live!.lastEventAt).not.toBeNull();

    await t.store.endSession(recording().id, {
      endedAt: '2026-11-20T10:05:00.000Z',
      endReason: 'exit',
    });
    expect(await t.store.getRecording(recording().id)).toMatchObject({
      endedAt: '2026-11-20T10:05:00.000Z',
      endReason: 'exit',
    });
  });

  it('writes several chunks at once, in one transaction', async () => {
    await t.store.startSession(recording());
    await t.store.appendChunks(
      recording().id,
      [chunk(0, 'a'), chunk(1, 'é✓\r\n'), chunk(2, 'c')],
      9,
    );
    await t.store.appendChunks(recording().id, [chunk(3, 'd')], 1);
    const read: string[] = [];
    for await (const events of t.store.readEvents(recording().id)) {
      read.push(events);
    }
    expect(read.join('')).toBe(
      '[0,"o","a"]\n[1,"o","é✓\\r\\n"]\n[2,"o","c"]\n[3,"o","d"]\n',
    );
    // Stored as text, not as the bytes they were given in.
    expect(read.map(events => typeof events)).toEqual([
      'string',
      'string',
      'string',
      'string',
    ]);
    expect(await t.store.getRecording(recording().id)).toMatchObject({
      bytesOut: 10,
    });
    // A chunk that is already there fails the whole write.
    await expect(
      t.store.appendChunks(recording().id, [chunk(4, 'e'), chunk(3, 'x')], 2),
    ).rejects.toHaveProperty('message');
    expect(await t.store.getRecording(recording().id)).toMatchObject({
      bytesOut: 10,
    });
  });

  it('filters by user, machine and time, newest first', async () => {
    await t.store.startSession(recording());
    await t.store.startSession(
      recording({
        id: '22222222-2222-4222-8222-222222222222',
        userRef: 'user:default/bob',
        startedAt: '2026-11-21T10:00:00.000Z',
      }),
    );
    await t.store.startSession(
      recording({
        id: '33333333-3333-4333-8333-333333333333',
        machineId: 'm-2',
        startedAt: '2026-11-22T10:00:00.000Z',
      }),
    );
    const ids = async (query: object) =>
      (
        await t.store.listRecordings({ limit: 50, offset: 0, ...query })
      ).items.map(r => r.id[0]);
    expect(await ids({})).toEqual(['3', '2', '1']);
    expect(await ids({ user: 'user:default/alice' })).toEqual(['3', '1']);
    expect(await ids({ machineId: 'm-1' })).toEqual(['2', '1']);
    // A zone other than UTC compares by the instant.
    expect(
      await ids({
        from: '2026-11-21T11:00:00+01:00',
        to: '2026-11-22T00:00:00Z',
      }),
    ).toEqual(['2']);
    const page = await t.store.listRecordings({ limit: 1, offset: 1 });
    expect(page.totalCount).toBe(3);
    expect(page.items.map(r => r.id[0])).toEqual(['2']);
  });

  it('deletes sessions and their chunks older than the retention', async () => {
    await t.store.startSession(recording());
    await t.store.appendChunks(recording().id, [chunk(0, 'old')], 3);
    await t.store.startSession(
      recording({
        id: '22222222-2222-4222-8222-222222222222',
        startedAt: '2026-11-22T10:00:00.000Z',
      }),
    );
    expect(
      await t.store.deleteStartedBefore(new Date('2026-11-21T00:00:00Z')),
    ).toBe(1);
    expect(await t.store.getRecording(recording().id)).toBeUndefined();
    const left: string[] = [];
    for await (const events of t.store.readEvents(recording().id))
      left.push(events);
    expect(left).toEqual([]);
    expect(
      await t.store.getRecording('22222222-2222-4222-8222-222222222222'),
    ).toBeDefined();
  });
});

describe('RecordingStore on an SQLite file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'terminal-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves a small database that already has tables to large pages, in a write-ahead log', async () => {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'terminal.sqlite') },
      useNullAsDefault: true,
    });
    try {
      // What Backstage puts in a plugin's database before the plugin starts.
      await knex.raw('PRAGMA journal_mode = WAL');
      await knex.schema.createTable('backstage_keys', table => {
        table.string('id').primary();
      });
      await knex('backstage_keys').insert({ id: 'key-1' });

      const store = await RecordingStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      expect(await knex.raw('PRAGMA page_size')).toEqual([
        { page_size: 65536 },
      ]);
      expect(await knex.raw('PRAGMA journal_mode')).toEqual([
        { journal_mode: 'wal' },
      ]);
      expect(await knex('backstage_keys').select('id')).toEqual([
        { id: 'key-1' },
      ]);
      await store.startSession(recording());
      await store.appendChunks(recording().id, [chunk(0, 'on disk')], 7);
      const read: string[] = [];
      for await (const events of store.readEvents(recording().id)) {
        read.push(events);
      }
      expect(read).toEqual(['[0,"o","on disk"]\n']);
    } finally {
      await knex.destroy();
    }
  });
});
