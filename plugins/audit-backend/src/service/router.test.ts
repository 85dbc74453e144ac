import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AuditEntry } from '@opssight/plugin-audit-common';
import { testDatabaseIds } from '@opssight/plugin-testing-node';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Knex } from 'knex';
import request from 'supertest';
import { NewAuditEntry } from '../database/AuditStore';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import auditPlugin from '../index';
import { auditorServiceFactory } from './auditorServiceFactory';
import { auditStoreServiceRef } from './auditStoreServiceRef';
import { makeEntry } from '../__testUtils__/makeEntry';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const ADMIN = mockCredentials.user.header('user:default/admin');
const VIEWER = mockCredentials.user.header('user:default/viewer');
const SERVICE = mockCredentials.service.header();

/** Stands in for OpsSight's policy: the admin user and services may read the trail. */
const adminOnlyPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    async authorize(requests, { credentials }) {
      const { principal } = credentials as {
        principal: { type: string; userEntityRef?: string };
      };
      const allowed =
        principal.type === 'service' ||
        principal.userEntityRef === 'user:default/admin';
      return requests.map(() => ({
        result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests) {
      return requests.map(() => ({ result: AuthorizeResult.DENY }));
    },
  }),
});

describe.each(databases.eachSupportedId())('audit router on %p', databaseId => {
  let knex: Knex;
  let store: DatabaseAuditStore;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseAuditStore.create({
      database: { getClient: async () => knex },
    });
    ({ server } = await startTestBackend({
      features: [
        auditPlugin,
        auditorServiceFactory,
        adminOnlyPermissions,
        createServiceFactory({
          service: auditStoreServiceRef,
          deps: {},
          factory: () => store,
        }),
      ],
    }));
  });

  const api = () => request(server);
  /** An export as the admin, its streamed JSON Lines kept whole as text. */
  const exportAsAdmin = (url: string) =>
    api()
      .get(url)
      .set('Authorization', ADMIN)
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (text += chunk));
        response.on('end', () => callback(null, text));
      });

  it('refuses requests without an identity', async () => {
    for (const route of [
      '/entries',
      '/actions',
      '/action-names',
      '/export',
      '/verify',
    ]) {
      const res = await api()
        .get(`/api/audit${route}`)
        .set('Authorization', mockCredentials.none.header());
      expect([route, res.status]).toEqual([route, 401]);
    }
    expect((await store.list({ limit: 10, offset: 0 })).totalCount).toBe(0);
  });

  it('refuses users without the permission with a 403, and records the denial', async () => {
    for (const route of ['/entries', '/export', '/verify']) {
      const res = await api()
        .get(`/api/audit${route}?limit=0&bogus=1`)
        .set('Authorization', VIEWER)
        .set('x-request-id', `denied-${route.slice(1)}`);
      // The permission check comes before validation: a 403, not a 400.
      expect([route, res.status, res.body.error?.name]).toEqual([
        route,
        403,
        'NotAllowedError',
      ]);
    }
    const denials = (
      await store.list({ outcome: 'denied', limit: 10, offset: 0 })
    ).items;
    expect(denials).toHaveLength(3);
    expect(denials[0]).toMatchObject({
      plugin: 'audit',
      actor: 'user:default/viewer',
      action: 'trail-read',
      outcome: 'denied',
      severity: 'high',
      clientRequestId: 'denied-verify',
      clientAddress: expect.stringMatching(/127\.0\.0\.1|::1/),
      details: {
        meta: { route: 'verify' },
        error: { name: 'NotAllowedError' },
      },
    });
    expect(await store.verify()).toMatchObject({ ok: true });
  });

  it('lists entries newest first, with filters and paging, without auditing the read', async () => {
    await store.append(makeEntry({ outcome: 'initiated' }));
    await store.append(makeEntry());
    await store.append(
      makeEntry({
        plugin: 'vault',
        actor: 'user:default/bob',
        action: 'secret-reveal',
        target: 'cred-7',
        outcome: 'denied',
        requestId: 'req-2',
      }),
    );
    const list = async (query: string) => {
      const res = await api()
        .get(`/api/audit/entries${query}`)
        .set('Authorization', ADMIN);
      expect(res.status).toBe(200);
      return res.body as { items: AuditEntry[]; totalCount: number };
    };

    const all = await list('');
    expect(all.totalCount).toBe(3);
    expect(all.items.map(e => e.seq)).toEqual([3, 2, 1]);
    expect(all.items[2]).toMatchObject({
      actor: 'user:default/ada',
      prevHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: { meta: { hostname: 'web-1' } },
    });

    expect(
      (await list('?actor=user:default/bob')).items.map(e => e.seq),
    ).toEqual([3]);
    expect(
      (await list('?plugin=machines&outcome=succeeded')).items.map(e => e.seq),
    ).toEqual([2]);
    expect((await list('?action=secret-reveal&target=cred-7')).totalCount).toBe(
      1,
    );
    expect((await list('?requestId=req-1')).totalCount).toBe(2);
    expect(await list('?limit=1&offset=1')).toMatchObject({
      totalCount: 3,
      items: [{ seq: 2 }],
    });
    expect(
      (await list('?from=2000-01-01&to=2999-01-01T00:00:00Z')).totalCount,
    ).toBe(3);
    expect(
      (await list(`?from=${encodeURIComponent(all.items[0].time)}`)).items.map(
        e => e.seq,
      ),
    ).toContain(3);
    expect((await list('?to=2000-01-01')).totalCount).toBe(0);

    // Reading is not a mutation: nothing was added by all these reads.
    expect((await list('')).totalCount).toBe(3);
  });

  it.each([
    ['?limit=0', /limit: must be between 1 and 1000/],
    ['?limit=abc', /limit: must be a number/],
    ['?offset=-5', /offset: must be 0 or more/],
    ['?outcome=won', /outcome: 'won' is not one of/],
    ['?from=yesterday', /from: 'yesterday' is not an ISO 8601 date/],
    ['?from=2026-02-01&to=2026-01-01', /to: must be later than 'from'/],
    ['?actor=a&actor=b', /actor: must be given once/],
    ['?colour=red', /unknown filter 'colour'/],
  ])('rejects %s with a 400 naming the field', async (query, message) => {
    const res = await api()
      .get(`/api/audit/entries${query}`)
      .set('Authorization', ADMIN);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('exports matching entries as JSON Lines in chain order', async () => {
    for (let i = 1; i <= 7; i++) {
      await store.append(
        makeEntry({
          requestId: `req-${i}`,
          outcome: i % 2 ? 'succeeded' : 'failed',
        }),
      );
    }
    const res = await exportAsAdmin('/api/audit/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="opssight-audit-.*\.jsonl"$/,
    );
    const lines = (res.body as string).split('\n');
    expect(lines.pop()).toBe('');
    const entries = lines.map(line => JSON.parse(line) as AuditEntry);
    expect(entries.map(e => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    entries
      .slice(1)
      .forEach((entry, i) => expect(entry.prevHash).toBe(entries[i].hash));

    const failed = await exportAsAdmin('/api/audit/export?outcome=failed');
    expect(
      (failed.body as string)
        .trim()
        .split('\n')
        .map(line => JSON.parse(line).seq),
    ).toEqual([2, 4, 6]);

    const bad = await api()
      .get('/api/audit/export?limit=5')
      .set('Authorization', ADMIN);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/unknown filter 'limit'/);
  });

  it('reports a tampered entry from the verify endpoint', async () => {
    for (let i = 1; i <= 4; i++) {
      await store.append(makeEntry({ requestId: `req-${i}` }));
    }
    const verify = () =>
      api().get('/api/audit/verify').set('Authorization', ADMIN);

    expect((await verify()).body).toEqual({
      ok: true,
      checked: 4,
      broken: [],
      brokenCount: 0,
    });

    await knex('audit_entries')
      .where('seq', 3)
      .update({ details: JSON.stringify({ meta: { hostname: 'evil' } }) });
    await knex('audit_entries')
      .where('seq', 1)
      .update({ actor: 'user:default/mallory' });
    const res = await verify();
    expect(res.status).toBe(200);
    const altered = {
      reason: expect.stringContaining('does not match its hash'),
    };
    expect(res.body).toEqual({
      ok: false,
      checked: 4,
      broken: [
        { seq: 1, ...altered },
        { seq: 3, ...altered },
      ],
      brokenCount: 2,
      firstBroken: { seq: 1, ...altered },
    });
  });

  it('lists one item per action with its outcome and its target named, and the actions that exist', async () => {
    const machineId = 'a1b2c3d4-0000-4000-8000-000000000001';
    /** An entry about that machine, its details naming it by `meta` too. */
    const aboutMachine = (fields: Partial<NewAuditEntry>, meta: object = {}) =>
      makeEntry({
        plugin: 'machines',
        target: machineId,
        details: { meta: { id: machineId, ...meta } },
        ...fields,
      });
    const named = { hostname: 'web-1', ip: '10.0.0.1' };
    const start = await store.append(
      aboutMachine({ action: 'machine-update', outcome: 'initiated' }, named),
    );
    await store.append(
      aboutMachine(
        {
          action: 'machine-update',
          outcome: 'succeeded',
          initiatedSeq: start.seq,
        },
        named,
      ),
    );
    // Only an id: the name comes from the earlier entries about the same machine.
    const del = await store.append(
      aboutMachine({ action: 'machine-delete', outcome: 'initiated' }),
    );
    await store.append(
      aboutMachine({
        action: 'machine-delete',
        outcome: 'failed',
        initiatedSeq: del.seq,
      }),
    );
    await store.append(
      makeEntry({
        plugin: 'access',
        action: 'access-user-disable',
        outcome: 'initiated',
        target: 'user:default/bob',
        details: { meta: { target: 'user:default/bob' } },
      }),
    );
    const res = await api()
      .get('/api/audit/actions?limit=10')
      .set('Authorization', ADMIN);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(3);
    expect(
      res.body.items.map((i: any) => [
        i.start.action,
        i.outcome,
        i.end?.outcome ?? null,
        i.target,
      ]),
    ).toEqual([
      [
        'access-user-disable',
        'initiated',
        null,
        {
          text: 'user:default/bob',
          kind: 'user',
          id: 'user:default/bob',
          name: 'bob',
        },
      ],
      [
        'machine-delete',
        'failed',
        'failed',
        {
          text: 'a1b2c3d4-0000-4000-8000-000000000001',
          kind: 'machine',
          id: 'a1b2c3d4-0000-4000-8000-000000000001',
          name: 'web-1 (10.0.0.1)',
        },
      ],
      [
        'machine-update',
        'succeeded',
        'succeeded',
        expect.objectContaining({ kind: 'machine', name: 'web-1 (10.0.0.1)' }),
      ],
    ]);
    const failed = await api()
      .get('/api/audit/actions?outcome=failed')
      .set('Authorization', ADMIN);
    expect(failed.body.items.map((i: any) => i.start.seq)).toEqual([del.seq]);

    const names = await api()
      .get('/api/audit/action-names')
      .set('Authorization', ADMIN);
    expect(names.body).toEqual({
      items: [
        { plugin: 'access', action: 'access-user-disable' },
        { plugin: 'machines', action: 'machine-delete' },
        { plugin: 'machines', action: 'machine-update' },
      ],
    });
    const denied = await api()
      .get('/api/audit/actions')
      .set('Authorization', VIEWER);
    expect(denied.status).toBe(403);
  });

  it('lets the verify script report every broken link through the endpoint', async () => {
    const script = path.resolve(
      __dirname,
      '../../../../scripts/audit-verify.mjs',
    );
    const { port } = server.address() as AddressInfo;
    const run = async (token: string) => {
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [script, '--url', `http://127.0.0.1:${port}`],
          { env: { ...process.env, OPSSIGHT_API_TOKEN: token } },
        );
        return { code: 0, stdout };
      } catch (error) {
        const { code, stdout, stderr } = error as {
          code: number;
          stdout: string;
          stderr: string;
        };
        return { code, stdout: stdout + stderr };
      }
    };

    for (let i = 1; i <= 5; i++) {
      await store.append(makeEntry({ requestId: `req-${i}` }));
    }
    const serviceToken = SERVICE.replace(/^Bearer /, '');
    expect(await run(serviceToken)).toEqual({
      code: 0,
      stdout: 'Audit trail intact: 5 entries checked.\n',
    });

    await knex('audit_entries').where('seq', 2).delete();
    await knex('audit_entries').where('seq', 4).update({ outcome: 'failed' });
    expect(await run(serviceToken)).toEqual({
      code: 1,
      stdout: [
        'Audit trail BROKEN: 2 broken links (4 entries walked):',
        '  entry 2: entry 2 is missing: entry 3 follows entry 1',
        '  entry 4: its content does not match its hash (the entry or its hash was altered)',
        '',
      ].join('\n'),
    });

    const denied = await run(VIEWER.replace(/^Bearer /, ''));
    expect(denied.code).toBe(2);
    expect(denied.stdout).toMatch(/HTTP 403/);
  });
});
