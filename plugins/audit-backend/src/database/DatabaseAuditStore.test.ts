import { mockServices } from '@backstage/backend-test-utils';
import { storeTest } from '@opssight/plugin-testing-node';
import knexFactory from 'knex';
import { canonicalJson, entryHash, GENESIS_HASH } from './chain';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import { makeEntry } from '../__testUtils__/makeEntry';

jest.setTimeout(60_000);

const intact = (checked: number) => ({
  ok: true,
  checked,
  broken: [],
  brokenCount: 0,
});

storeTest('DatabaseAuditStore', DatabaseAuditStore.create, t => {
  async function appendMany(count: number) {
    for (let i = 1; i <= count; i++) {
      await t.store.append(
        makeEntry({ requestId: `req-${i}`, target: `t-${i}` }),
      );
    }
  }

  it('appends entries linked by hash, starting from the genesis hash', async () => {
    const first = await t.store.append(makeEntry());
    const second = await t.store.append(
      makeEntry({
        outcome: 'failed',
        details: { b: 1, a: [{ z: 1, y: 2 }] },
      }),
    );

    // Stored as given, numbered, and linked to the genesis hash.
    const { details: _details, ...given } = makeEntry();
    expect(first).toMatchObject({
      ...given,
      seq: 1,
      clientRequestId: null,
      initiatedSeq: null,
      prevHash: GENESIS_HASH,
    });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.time).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    // The hash is sha256(prevHash + canonical JSON), recomputable from what is read back.
    const [stored] = (await t.store.list({ limit: 1, offset: 0 })).items;
    expect(stored).toEqual(second);
    expect(entryHash(first.hash, stored)).toBe(second.hash);

    expect(await t.store.verify()).toEqual(intact(2));
  });

  it('verifies an empty chain', async () => {
    expect(await t.store.verify()).toEqual(intact(0));
  });

  it('cuts values that do not fit their columns before hashing them', async () => {
    const entry = await t.store.append(
      makeEntry({ requestId: 'r'.repeat(500), target: 't'.repeat(2000) }),
    );
    expect(entry.requestId).toHaveLength(128);
    expect(entry.target).toHaveLength(512);
    expect(await t.store.verify()).toEqual(intact(1));
  });

  it('reports an entry whose details were altered', async () => {
    await appendMany(5);
    await t
      .knex('audit_entries')
      .where('seq', 3)
      .update({ details: JSON.stringify({ meta: { ip: '10.6.6.6' } }) });

    const broken = {
      seq: 3,
      reason: expect.stringContaining('does not match its hash'),
    };
    expect(await t.store.verify()).toEqual({
      ok: false,
      checked: 5,
      broken: [broken],
      brokenCount: 1,
      firstBroken: broken,
    });
  });

  it('reports an entry whose actor was altered', async () => {
    await appendMany(3);
    await t
      .knex('audit_entries')
      .where('seq', 2)
      .update({ actor: 'user:default/someone-else' });
    expect((await t.store.verify()).firstBroken?.seq).toBe(2);
  });

  it('reports an entry whose hash was replaced', async () => {
    await appendMany(4);
    await t
      .knex('audit_entries')
      .where('seq', 2)
      .update({ hash: 'f'.repeat(64) });
    // The entry itself, and the link of the next entry to it.
    expect((await t.store.verify()).broken).toEqual([
      {
        seq: 2,
        reason: expect.stringContaining('does not match its hash'),
      },
      {
        seq: 3,
        reason: expect.stringContaining('prevHash does not match'),
      },
    ]);
  });

  it('reports a rewritten entry whose hash was recomputed at the next link', async () => {
    await appendMany(4);
    const row = await t.knex('audit_entries').where('seq', 2).first();
    const forged = {
      seq: 2,
      time: row.time,
      plugin: row.plugin,
      actor: 'user:default/nobody',
      action: row.action,
      target: row.target,
      outcome: row.outcome,
      severity: row.severity,
      requestId: row.request_id,
      clientRequestId: null,
      initiatedSeq: null,
      clientAddress: row.client_address,
      details: JSON.parse(row.details),
    };
    await t
      .knex('audit_entries')
      .where('seq', 2)
      .update({
        actor: forged.actor,
        hash: entryHash(row.prev_hash, forged),
      });
    expect((await t.store.verify()).broken).toEqual([
      {
        seq: 3,
        reason: expect.stringContaining('prevHash does not match'),
      },
    ]);
  });

  it('reports a deleted entry in the middle at its seq', async () => {
    await appendMany(6);
    await t.knex('audit_entries').where('seq', 4).delete();
    expect(await t.store.verify()).toMatchObject({
      ok: false,
      checked: 5,
      broken: [
        { seq: 4, reason: 'entry 4 is missing: entry 5 follows entry 3' },
      ],
      firstBroken: {
        seq: 4,
        reason: 'entry 4 is missing: entry 5 follows entry 3',
      },
    });
  });

  it('reports deleted entries at the end of the chain', async () => {
    await appendMany(5);
    await t.knex('audit_entries').where('seq', '>=', 4).delete();
    expect((await t.store.verify()).broken).toEqual([
      {
        seq: 4,
        reason: 'entries 4 to 5 are missing: the chain head is at entry 5',
      },
    ]);
  });

  it('reports details that are no longer JSON', async () => {
    await appendMany(2);
    await t.knex('audit_entries').where('seq', 1).update({ details: '{oops' });
    expect((await t.store.verify()).firstBroken?.seq).toBe(1);
  });

  it('reports every broken link, not only the first', async () => {
    await appendMany(10);
    await t.knex('audit_entries').where('seq', 2).update({ actor: 'mallory' });
    await t.knex('audit_entries').where('seq', 5).delete();
    await t
      .knex('audit_entries')
      .where('seq', 8)
      .update({ details: JSON.stringify({ meta: { ip: '10.6.6.6' } }) });
    const result = await t.store.verify();
    expect(result).toMatchObject({ ok: false, checked: 9, brokenCount: 3 });
    expect(result.broken).toEqual([
      {
        seq: 2,
        reason: expect.stringContaining('does not match its hash'),
      },
      { seq: 5, reason: 'entry 5 is missing: entry 6 follows entry 4' },
      {
        seq: 8,
        reason: expect.stringContaining('does not match its hash'),
      },
    ]);
    expect(result.firstBroken).toEqual(result.broken[0]);
  });

  it('hashes exactly what is stored: lone surrogates, NUL, emoji and non-BMP text', async () => {
    const entry = await t.store.append(
      makeEntry({
        // A lone surrogate is stored as U+FFFD; PostgreSQL refuses NUL in text.
        target: 'snippet \ud800x',
        actor: 'user:default/a\u0000b',
        clientRequestId: 'client-🚀',
        details: {
          meta: {
            name: '\ud800x',
            emoji: 'deploy 🚀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — 中文',
            ['key\udc00']: 'v\u0000',
          },
        },
      }),
    );
    expect(entry.target).toBe('snippet \ufffdx');
    expect(entry.actor).toBe('user:default/a\ufffdb');
    const [stored] = (await t.store.list({ limit: 1, offset: 0 })).items;
    expect(stored).toEqual(entry);
    expect(stored.details).toEqual({
      meta: {
        name: '\ufffdx',
        emoji: 'deploy 🚀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — 中文',
        ['key\ufffd']: 'v\ufffd',
      },
    });
    expect(stored.clientRequestId).toBe('client-🚀');
    // Emoji cut at a column's edge are not split into lone halves.
    const cut = await t.store.append(
      makeEntry({
        target: `${'t'.repeat(510)}🚀🚀`,
        requestId: '🚀'.repeat(100),
      }),
    );
    expect(cut.target).toBe(`${'t'.repeat(510)}…`);
    expect(cut.requestId).toBe(`${'🚀'.repeat(63)}…`);
    expect(await t.store.verify()).toEqual(intact(2));
    // And the filters find them as stored, even when asked with the lone surrogate.
    expect(
      (await t.store.list({ limit: 10, offset: 0, target: 'snippet \ud800x' }))
        .totalCount,
    ).toBe(1);
    expect(canonicalJson(stored.details)).not.toMatch(/\\ud800/i);
  });

  it('lists one row per action: the initiated entry with the outcome that names it', async () => {
    const a = await t.store.append(makeEntry({ outcome: 'initiated' }));
    const b = await t.store.append(
      makeEntry({
        outcome: 'initiated',
        action: 'machine-delete',
        target: 'm-2',
      }),
    );
    const denied = await t.store.append(
      makeEntry({ outcome: 'denied', action: 'trail-read', plugin: 'audit' }),
    );
    const bEnd = await t.store.append(
      makeEntry({
        outcome: 'failed',
        action: 'machine-delete',
        target: 'm-2',
        initiatedSeq: b.seq,
      }),
    );
    const aEnd = await t.store.append(
      makeEntry({ outcome: 'succeeded', initiatedSeq: a.seq }),
    );
    const running = await t.store.append(
      makeEntry({ outcome: 'initiated', action: 'machine-update' }),
    );
    expect(aEnd.initiatedSeq).toBe(a.seq);
    const page = (q: object) =>
      t.store.listActions({ limit: 100, offset: 0, ...q });
    const startsOf = async (q: object) =>
      (await page(q)).items.map(i => i.start.seq);
    const all = await page({});
    expect(all.totalCount).toBe(4);
    expect(all.items.map(i => [i.start.seq, i.end?.seq ?? null])).toEqual([
      [running.seq, null],
      [denied.seq, null],
      [b.seq, bEnd.seq],
      [a.seq, aEnd.seq],
    ]);
    expect(all.items[3].end).toEqual(aEnd);
    // The outcome filter applies to how the action ended.
    expect(await startsOf({ outcome: 'succeeded' })).toEqual([a.seq]);
    expect(await startsOf({ outcome: 'failed' })).toEqual([b.seq]);
    expect(await startsOf({ outcome: 'initiated' })).toEqual([running.seq]);
    expect(await startsOf({ outcome: 'denied' })).toEqual([denied.seq]);
    expect(await startsOf({ action: 'machine-delete' })).toEqual([b.seq]);
    expect(await page({ limit: 1, offset: 1 })).toMatchObject({
      totalCount: 4,
      items: [{ start: { seq: denied.seq } }],
    });
    // Both entries of each action remain links of one intact chain.
    expect(await t.store.verify()).toEqual(intact(6));
    // The link is hashed: pointing an outcome at another action breaks the chain.
    await t
      .knex('audit_entries')
      .where('seq', aEnd.seq)
      .update({ initiated_seq: b.seq });
    expect((await t.store.verify()).broken.map(l => l.seq)).toEqual([aEnd.seq]);
    expect(await t.store.actionNames()).toEqual([
      { plugin: 'audit', action: 'trail-read' },
      { plugin: 'machines', action: 'machine-create' },
      { plugin: 'machines', action: 'machine-delete' },
      { plugin: 'machines', action: 'machine-update' },
    ]);
  });

  it('walks a chain longer than one batch', async () => {
    for (let i = 0; i < 1203; i++) {
      await t.store.append(makeEntry({ requestId: `bulk-${i}` }));
    }
    expect(await t.store.verify()).toEqual(intact(1203));
    await t.knex('audit_entries').where('seq', 1100).update({ outcome: 'x' });
    expect((await t.store.verify()).firstBroken?.seq).toBe(1100);

    let exported = 0;
    let last = 0;
    for await (const entry of t.store.export({})) {
      expect(entry.seq).toBe(last + 1);
      last = entry.seq;
      exported++;
    }
    expect(exported).toBe(1203);
  });

  it('lists newest first with filters and paging', async () => {
    await t.store.append(
      makeEntry({ actor: 'user:default/ada', outcome: 'initiated' }),
    );
    await t.store.append(
      makeEntry({ actor: 'user:default/ada', outcome: 'succeeded' }),
    );
    await t.store.append(
      makeEntry({
        actor: 'user:default/bob',
        plugin: 'vault',
        action: 'secret-read',
        target: 'cred-1',
        outcome: 'denied',
        requestId: 'req-2',
      }),
    );
    const page = (q: object) => t.store.list({ limit: 100, offset: 0, ...q });

    expect((await page({})).items.map(e => e.seq)).toEqual([3, 2, 1]);
    expect(await page({ actor: 'user:default/ada' })).toMatchObject({
      totalCount: 2,
      items: [{ seq: 2 }, { seq: 1 }],
    });
    expect((await page({ outcome: 'denied' })).items.map(e => e.seq)).toEqual([
      3,
    ]);
    expect(
      (
        await page({
          plugin: 'vault',
          action: 'secret-read',
          target: 'cred-1',
        })
      ).totalCount,
    ).toBe(1);
    expect((await page({ requestId: 'req-1' })).totalCount).toBe(2);
    expect(await page({ limit: 1, offset: 1 })).toMatchObject({
      totalCount: 3,
      items: [{ seq: 2 }],
    });

    const all = (await page({})).items;
    expect((await page({ from: all[1].time })).items.map(e => e.seq)).toEqual(
      all.filter(e => e.time >= all[1].time).map(e => e.seq),
    );
    expect((await page({ to: all[2].time })).totalCount).toBe(0);
    expect(
      (
        await page({
          from: '2000-01-01T00:00:00.000Z',
          to: '2999-01-01T00:00:00.000Z',
        })
      ).totalCount,
    ).toBe(3);
  });

  if (t.databaseId.startsWith('POSTGRES')) {
    it('serialises 50 concurrent appends into one unbroken chain', async () => {
      const entries = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.store.append(makeEntry({ requestId: `parallel-${i}` })),
        ),
      );
      const seqs = entries.map(e => e.seq).sort((a, b) => a - b);
      expect(new Set(seqs).size).toBe(50);
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await t.store.verify()).toEqual(intact(50));
    });

    it('keeps the chain whole when a second replica appends at the same time', async () => {
      // Another backend process: its own t.store on its own connection pool.
      const otherPool = knexFactory({
        client: t.knex.client.config.client,
        connection: t.knex.client.config.connection,
        pool: { min: 0, max: 5 },
      });
      try {
        const replica = await DatabaseAuditStore.create({
          database: mockServices.database({
            knex: otherPool,
            migrations: { skip: true },
          }),
        });
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? t.store : replica).append(
              makeEntry({ requestId: `r-${i}` }),
            ),
          ),
        );
      } finally {
        await otherPool.destroy();
      }
      expect(await t.store.verify()).toEqual(intact(40));
    });
  }
});
