import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '@opssight/plugin-testing-node';
import { NewRecording, RecordingStore } from './RecordingStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

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

describe.each(databases.eachSupportedId())('RecordingStore on %p', id => {
  let store: RecordingStore;

  beforeEach(async () => {
    const knex = await databases.init(id);
    store = await RecordingStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
  });

  it('keeps the chunks of a session in order and counts its output', async () => {
    await store.startSession(recording());
    // More chunks than one page of reading, written out of order.
    const seqs = Array.from({ length: 150 }, (_, i) => i).reverse();
    for (const seq of seqs) {
      await store.appendChunk(recording().id, seq, `[${seq},"o","x"]\n`, 1);
    }
    const read: string[] = [];
    for await (const events of store.readEvents(recording().id)) {
      read.push(events);
    }
    expect(read).toEqual(
      Array.from({ length: 150 }, (_, i) => `[${i},"o","x"]\n`),
    );
    const live = await store.getRecording(recording().id);
    expect(live).toMatchObject({
      bytesOut: 150,
      endedAt: null,
      endReason: null,
    });
    expect(live!.lastEventAt).not.toBeNull();

    await store.endSession(recording().id, {
      endedAt: '2026-11-20T10:05:00.000Z',
      endReason: 'exit',
    });
    expect(await store.getRecording(recording().id)).toMatchObject({
      endedAt: '2026-11-20T10:05:00.000Z',
      endReason: 'exit',
    });
  });

  it('filters by user, machine and time, newest first', async () => {
    await store.startSession(recording());
    await store.startSession(
      recording({
        id: '22222222-2222-4222-8222-222222222222',
        userRef: 'user:default/bob',
        startedAt: '2026-11-21T10:00:00.000Z',
      }),
    );
    await store.startSession(
      recording({
        id: '33333333-3333-4333-8333-333333333333',
        machineId: 'm-2',
        startedAt: '2026-11-22T10:00:00.000Z',
      }),
    );
    const ids = async (query: object) =>
      (
        await store.listRecordings({ limit: 50, offset: 0, ...query })
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
    const page = await store.listRecordings({ limit: 1, offset: 1 });
    expect(page.totalCount).toBe(3);
    expect(page.items.map(r => r.id[0])).toEqual(['2']);
  });

  it('deletes sessions and their chunks older than the retention', async () => {
    await store.startSession(recording());
    await store.appendChunk(recording().id, 0, '[0,"o","old"]\n', 3);
    await store.startSession(
      recording({
        id: '22222222-2222-4222-8222-222222222222',
        startedAt: '2026-11-22T10:00:00.000Z',
      }),
    );
    expect(
      await store.deleteStartedBefore(new Date('2026-11-21T00:00:00Z')),
    ).toBe(1);
    expect(await store.getRecording(recording().id)).toBeUndefined();
    const left: string[] = [];
    for await (const events of store.readEvents(recording().id))
      left.push(events);
    expect(left).toEqual([]);
    expect(
      await store.getRecording('22222222-2222-4222-8222-222222222222'),
    ).toBeDefined();
  });
});
