import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackendFeature,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express from 'express';
import {
  Machine,
  MachineChangeEvent,
  MACHINES_EVENTS_TOPIC,
} from '@opssight/plugin-machines-common';
import {
  expectErrorAnswer,
  FinishedConnectionTest,
  followConnectionTest,
  freePort,
  parseServerSentEvents,
  recordEvents,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import request from 'supertest';
import machinesPlugin from '../index';

jest.setTimeout(60_000);

const USER = mockCredentials.user.header();

/**
 * The clusters plugin's `POST /ip-lookup` as it answers (one entry per IP,
 * with the names of the clusters it is a node of), for clusters by IP.
 */
function clustersAt(nodes: Record<string, string[]>) {
  return createBackendPlugin({
    pluginId: 'clusters',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.use(express.json());
          router.post('/ip-lookup', (req, res) => {
            res.json(
              (req.body.ips as string[]).map(ip => ({
                ip,
                machine: null,
                clusters: nodes[ip] ?? [],
              })),
            );
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

async function startBackend(
  events: MachineChangeEvent[] = [],
  machines: object = { allowLoopback: true },
  extra: BackendFeature[] = [],
) {
  const { server } = await startTestBackend({
    features: [
      machinesPlugin,
      recordEvents('machines', MACHINES_EVENTS_TOPIC, events),
      ...extra,
      mockServices.rootConfig.factory({
        data: {
          // The vault's key, so no development key file is written.
          vault: {
            keys: [{ id: 'test', secret: randomBytes(32).toString('base64') }],
          },
          machines: {
            connectionTest: {
              connectTimeoutMs: 1500,
              handshakeTimeoutMs: 3000,
            },
            ...machines,
          },
        },
      }),
    ],
  });
  return server;
}

describe('machines router', () => {
  let server: Awaited<ReturnType<typeof startBackend>>;
  let events: MachineChangeEvent[];

  beforeEach(async () => {
    events = [];
    server = await startBackend(events);
  });

  const api = () => request(server);
  const create = (body: object) =>
    api().post('/api/machines/machines').set('Authorization', USER).send(body);

  it('refuses requests without an identity', async () => {
    for (const [method, path] of [
      ['get', '/machines'],
      ['post', '/machines'],
      ['get', '/groups'],
      ['post', '/bulk-imports'],
      ['post', '/connection-tests'],
      ['get', '/connection-tests/6f1c1a2e-0000-4000-8000-000000000000'],
      ['get', '/connection-tests/6f1c1a2e-0000-4000-8000-000000000000/events'],
    ] as const) {
      const res = await api()
        [method](`/api/machines${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it('creates, reads, updates, lists and deletes machines, announcing each change', async () => {
    const created = await create({
      ip: '10.0.0.1',
      hostname: 'web-1',
      application: 'shop',
      groups: ['web'],
      tags: ['nginx'],
    });
    expect(created.status).toBe(201);
    const machine: Machine = created.body;
    expect(machine).toMatchObject({
      ip: '10.0.0.1',
      sshPort: 22,
      owner: 'group:default/platform-team',
      groups: ['web'],
      tags: ['nginx'],
    });

    const read = await api()
      .get(`/api/machines/machines/${machine.id}`)
      .set('Authorization', USER);
    expect(read.body).toEqual(machine);

    const updated = await api()
      .put(`/api/machines/machines/${machine.id}`)
      .set('Authorization', USER)
      .send({
        ip: '10.0.0.1',
        hostname: 'web-01',
        sshPort: 2222,
        tags: ['nginx', 'eu'],
      });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      hostname: 'web-01',
      sshPort: 2222,
      groups: [],
      tags: ['eu', 'nginx'],
    });

    const list = await api()
      .get(
        '/api/machines/machines?q=web&tag=eu&limit=10&offset=0&orderBy=ip&order=desc',
      )
      .set('Authorization', USER);
    expect(list.status).toBe(200);
    expect(list.body.totalCount).toBe(1);

    const deleted = await api()
      .delete(`/api/machines/machines/${machine.id}`)
      .set('Authorization', USER);
    expect(deleted.status).toBe(204);
    expect(
      (
        await api()
          .get(`/api/machines/machines/${machine.id}`)
          .set('Authorization', USER)
      ).status,
    ).toBe(404);

    expect(events.map(e => [e.type, e.machines.map(m => m.hostname)])).toEqual([
      ['upserted', ['web-1']],
      ['deleted', ['web-1']], // the entity name follows the host name
      ['upserted', ['web-01']],
      ['deleted', ['web-01']],
    ]);
  });

  it.each([
    [
      { ip: '10.0.0.300', hostname: 'a' },
      /ip: '10\.0\.0\.300' is not a valid IPv4 or IPv6 address/,
    ],
    [
      { ip: '2001:db8::g', hostname: 'a' },
      /ip: '2001:db8::g' is not a valid IPv4 or IPv6 address/,
    ],
    [
      { ip: '10.0.0.5', hostname: 'bad_host' },
      /hostname: 'bad_host' is not a valid host name/,
    ],
    [{ hostname: 'a' }, /ip: is required/],
    [{ ip: '10.0.0.5' }, /hostname: is required/],
    [
      { ip: '10.0.0.5', hostname: 'a', colour: 'red' },
      /unknown field 'colour'/,
    ],
    [{ ip: '10.0.0.5', hostname: 'a', sshPort: '22' }, /sshPort/],
    [
      { ip: '10.0.0.5', hostname: 'a', sshPort: 0 },
      /sshPort: must be between 1 and 65535/,
    ],
    [
      { ip: '10.0.0.5', hostname: 'a', tags: ['no spaces'] },
      /tags\.0: each tag must be/,
    ],
    [
      { ip: '10.0.0.5', hostname: 'a', owner: 'not a ref!' },
      /owner: must be an entity reference/,
    ],
  ])('rejects %j with a 400 naming the field', async (body, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
    const list = await api()
      .get('/api/machines/machines')
      .set('Authorization', USER);
    expect(list.body.totalCount).toBe(0);
  });

  it('rejects malformed JSON with a 400 that echoes nothing of the body, on every route', async () => {
    const secret = 'hunter2-secret-in-a-broken-body';
    for (const [method, path] of [
      ['post', '/machines'],
      ['put', '/machines/00000000-0000-4000-8000-000000000000'],
      ['post', '/bulk-imports'],
      ['post', '/groups'],
      ['post', '/connection-tests'],
    ] as const) {
      const res = await api()
        [method](`/api/machines${path}`)
        .set('Authorization', USER)
        .set('Content-Type', 'application/json')
        .send(`{"ip": "10.0.0.1", "x": "${secret}" `);
      expect([path, res.status, res.body.error.message]).toEqual([
        path,
        400,
        'Malformed JSON body',
      ]);
      expect(res.text).not.toContain(secret);
      expect(res.text).not.toContain('10.0.0.1');
    }
  });

  it('bounds a bulk import: too many lines or too much text is a 400 naming the text', async () => {
    const tooManyLines = await api()
      .post('/api/machines/bulk-imports')
      .set('Authorization', USER)
      .send({ text: 'x\n'.repeat(5000) });
    expectErrorAnswer(
      tooManyLines,
      400,
      'text: has 5001 lines, more than the 5000 one import may hold: split the import into several',
    );

    const tooLong = await api()
      .post('/api/machines/bulk-imports')
      .set('Authorization', USER)
      .send({ text: 'a'.repeat(1024 * 1024 + 1) });
    expectErrorAnswer(
      tooLong,
      400,
      'text: is larger than 1 MiB: split the import into several',
    );

    // A body larger than any import may be is refused before it is parsed.
    const tooLarge = await api()
      .post('/api/machines/bulk-imports')
      .set('Authorization', USER)
      .set('Content-Type', 'application/json')
      .send(`{"text": "${'a'.repeat(5 * 1024 * 1024)}"}`);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error.message).toMatch(/^Request body is larger than/);
    expect(tooLarge.text.length).toBeLessThan(2000);

    const list = await api()
      .get('/api/machines/machines')
      .set('Authorization', USER);
    expect(list.body.totalCount).toBe(0);
  });

  it('answers a 1 MiB import of bad lines with the first 50 rejects and a count, without stalling other requests', async () => {
    // 5000 long bad lines, just under 1 MiB.
    const line = `not-an-ip,${'h'.repeat(190)}`;
    const text = Array.from({ length: 5000 }, () => line).join('\n');
    expect(text.length).toBeLessThan(1024 * 1024);

    // Warm up (the first request compiles the API's validators), then measure:
    // the backend runs in this process, so its longest event-loop stall is ours to see.
    await api()
      .post('/api/machines/bulk-imports')
      .set('Authorization', USER)
      .send({ text: 'x' });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const res = await api()
      .post('/api/machines/bulk-imports')
      .set('Authorization', USER)
      .send({ text });
    delay.disable();

    expect(res.status).toBe(200);
    expect(res.body.created).toEqual([]);
    expect(res.body.rejectedCount).toBe(5000);
    expect(res.body.rejected).toHaveLength(50);
    expect(res.body.rejected[0]).toMatchObject({ line: 1 });
    expect(res.body.rejected[49]).toMatchObject({ line: 50 });
    // Bounded: the answer is a small fraction of the text sent.
    expect(res.text.length).toBeLessThan(40_000);
    // Parsed in slices: no stall anywhere near the 3 s a single pass took.
    expect(delay.max / 1e6).toBeLessThan(750);
  });

  it('rejects a duplicate IP with a 409 naming the machine, and a bad update changes nothing', async () => {
    const first = (await create({ ip: '10.0.0.1', hostname: 'web-1' }))
      .body as Machine;
    const second = (
      await create({ ip: '10.0.0.2', hostname: 'web-2', tags: ['keep'] })
    ).body as Machine;
    const dup = await create({ ip: '10.0.0.1', hostname: 'other' });
    expectErrorAnswer(
      dup,
      409,
      expect.stringContaining(
        "ip: 10.0.0.1 is already used by machine 'web-1'",
      ),
    );
    expect(dup.body.error.message).toContain(first.id);

    // Same address spelled differently is still the same machine.
    const v6 = (await create({ ip: 'fd00::1', hostname: 'v6' }))
      .body as Machine;
    expect(
      (await create({ ip: 'fd00:0:0:0:0:0:0:1', hostname: 'v6b' })).status,
    ).toBe(409);
    expect(v6.ip).toBe('fd00::1');

    for (const body of [
      { ip: '10.0.0.1', hostname: 'web-2' },
      { ip: '10.0.0.2', hostname: '-bad' },
    ]) {
      const res = await api()
        .put(`/api/machines/machines/${second.id}`)
        .set('Authorization', USER)
        .send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const unchanged = await api()
      .get(`/api/machines/machines/${second.id}`)
      .set('Authorization', USER);
    expect(unchanged.body).toEqual(second);
  });

  it('answers 404 for unknown ids', async () => {
    for (const [method, path] of [
      ['get', '/machines/6f1c1a2e-0000-4000-8000-000000000000'],
      ['get', '/machines/not-a-uuid'],
      ['put', '/machines/6f1c1a2e-0000-4000-8000-000000000000'],
      ['delete', '/machines/6f1c1a2e-0000-4000-8000-000000000000'],
      ['delete', '/machines/6f1c1a2e-0000-4000-8000-000000000000/host-key'],
      ['put', '/groups/6f1c1a2e-0000-4000-8000-000000000000'],
      ['delete', '/groups/6f1c1a2e-0000-4000-8000-000000000000'],
      ['get', '/connection-tests/6f1c1a2e-0000-4000-8000-000000000000'],
      ['get', '/connection-tests/6f1c1a2e-0000-4000-8000-000000000000/events'],
    ] as const) {
      const validBody = path.startsWith('/groups')
        ? { name: 'x' }
        : { ip: '10.9.9.9', hostname: 'x' };
      const res = await api()
        [method](`/api/machines${path}`)
        .set('Authorization', USER)
        .send(method === 'put' ? validBody : undefined);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
  });

  it('validates list queries', async () => {
    for (const query of [
      'limit=0',
      'limit=abc',
      'offset=-1',
      'orderBy=password',
      'order=up',
      'unknown=1',
    ]) {
      const res = await api()
        .get(`/api/machines/machines?${query}`)
        .set('Authorization', USER);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.message).toMatch(
        /limit|offset|orderBy|order|unknown/,
      );
    }
  });

  it('bulk-imports good rows and reports each rejected row with its line number', async () => {
    await create({ ip: '10.0.0.1', hostname: 'existing' });
    const res = await api()
      .post('/api/machines/bulk-imports')
      .set('Authorization', USER)
      .send({
        text: [
          'ip,hostname,application,groups,tags',
          '10.0.0.2,web-2,shop,web,nginx;eu',
          '10.0.0.1,dup,shop,,',
          'not-an-ip,web-3',
          '10.0.0.4,web-4,shop,web,',
        ].join('\n'),
      });
    expect(res.status).toBe(200);
    expect(res.body.created.map((m: Machine) => m.hostname)).toEqual([
      'web-2',
      'web-4',
    ]);
    expect(res.body.rejected).toEqual([
      {
        line: 3,
        text: '10.0.0.1,dup,shop,,',
        reason: "ip: 10.0.0.1 is already used by existing machine 'existing'",
      },
      {
        line: 4,
        text: 'not-an-ip,web-3',
        reason: "ip: 'not-an-ip' is not a valid IPv4 or IPv6 address",
      },
    ]);
    const groups = await api()
      .get('/api/machines/groups')
      .set('Authorization', USER);
    expect(groups.body.items).toMatchObject([{ name: 'web', machineCount: 2 }]);
    expect(
      (
        await api()
          .post('/api/machines/bulk-imports')
          .set('Authorization', USER)
          .send({})
      ).status,
    ).toBe(400);
  });

  it('manages groups and never deletes machines with a group', async () => {
    const created = await api()
      .post('/api/machines/groups')
      .set('Authorization', USER)
      .send({ name: 'db', description: 'databases' });
    expect(created.status).toBe(201);
    expect(
      (
        await api()
          .post('/api/machines/groups')
          .set('Authorization', USER)
          .send({ name: 'db' })
      ).status,
    ).toBe(409);
    const bad = await api()
      .post('/api/machines/groups')
      .set('Authorization', USER)
      .send({ name: 'has space' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid group: name: /);

    const m = (
      await create({ ip: '10.0.0.1', hostname: 'db-1', groups: ['db'] })
    ).body as Machine;
    const renamed = await api()
      .put(`/api/machines/groups/${created.body.id}`)
      .set('Authorization', USER)
      .send({ name: 'databases' });
    expect(renamed.body).toMatchObject({ name: 'databases', machineCount: 1 });
    expect(events.at(-1)).toMatchObject({
      type: 'upserted',
      machines: [{ id: m.id, groups: ['databases'] }],
    });

    expect(
      (
        await api()
          .delete(`/api/machines/groups/${created.body.id}`)
          .set('Authorization', USER)
      ).status,
    ).toBe(204);
    const after = await api()
      .get(`/api/machines/machines/${m.id}`)
      .set('Authorization', USER);
    expect(after.status).toBe(200);
    expect(after.body.groups).toEqual([]);

    const tags = await api()
      .get('/api/machines/tags')
      .set('Authorization', USER);
    expect(tags.body).toEqual({ items: [] });
  });

  it("refuses machines at the portal's own host unless allowLoopback is set", async () => {
    const strict = await startBackend([], {});
    const post = (path: string, body: object) =>
      request(strict)
        .post(`/api/machines${path}`)
        .set('Authorization', USER)
        .send(body);
    for (const [ip, what] of [
      ['127.0.0.1', 'a loopback'],
      ['127.0.1.1', 'a loopback'],
      ['::1', 'a loopback'],
      ['::ffff:127.0.0.1', 'a loopback'],
      ['0.0.0.0', 'an unspecified'],
      ['::', 'an unspecified'],
      ['169.254.169.254', 'a link-local'],
      ['fe80::1', 'a link-local'],
    ]) {
      const res = await post('/machines', {
        ip,
        hostname: 'probe',
        sshPort: 7007,
      });
      expect([ip, res.status, res.body.error.message]).toEqual([
        ip,
        400,
        expect.stringMatching(
          new RegExp(
            `^Invalid machine: ip: \\S+ is ${what} address, which reaches the portal's own host, so no machine may be registered there$`,
          ),
        ),
      ]);
    }
    const good = await post('/machines', { ip: '10.0.0.9', hostname: 'ok' });
    expect(good.status).toBe(201);
    const moved = await request(strict)
      .put(`/api/machines/machines/${good.body.id}`)
      .set('Authorization', USER)
      .send({ ip: '127.0.0.1', hostname: 'ok' });
    expect(moved.status).toBe(400);
    expect(
      (
        await request(strict)
          .get(`/api/machines/machines/${good.body.id}`)
          .set('Authorization', USER)
      ).body.ip,
    ).toBe('10.0.0.9');

    const bulk = await post('/bulk-imports', {
      text: '10.0.0.10,fine\n127.0.0.1,local\n169.254.169.254,metadata',
    });
    expect(bulk.body.created.map((m: Machine) => m.hostname)).toEqual(['fine']);
    expect(bulk.body.rejected).toEqual([
      {
        line: 2,
        text: '127.0.0.1,local',
        reason:
          "ip: 127.0.0.1 is a loopback address, which reaches the portal's own host, so no machine may be registered there",
      },
      {
        line: 3,
        text: '169.254.169.254,metadata',
        reason: expect.stringMatching(/^ip: 169.254.169.254 is a link-local/),
      },
    ]);

    // With the option (development, tests), the same address is a machine.
    const allowed = await create({ ip: '127.0.0.1', hostname: 'local' });
    expect(allowed.status).toBe(201);
  });

  it('refuses to delete a cluster node (409 naming the clusters) and deletes it once it is none', async () => {
    const nodes: Record<string, string[]> = {
      '10.0.0.1': ['prod-eu', 'staging'],
    };
    const withClusters = await startBackend([], undefined, [clustersAt(nodes)]);
    const created = await request(withClusters)
      .post('/api/machines/machines')
      .set('Authorization', USER)
      .send({ ip: '10.0.0.1', hostname: 'web-1' });
    const del = () =>
      request(withClusters)
        .delete(`/api/machines/machines/${created.body.id}`)
        .set('Authorization', USER);

    const refused = await del();
    expectErrorAnswer(
      refused,
      409,
      'web-1 is a node of clusters prod-eu, staging: remove it from those clusters first',
    );
    expect(
      (
        await request(withClusters)
          .get(`/api/machines/machines/${created.body.id}`)
          .set('Authorization', USER)
      ).status,
    ).toBe(200);

    nodes['10.0.0.1'] = [];
    expect((await del()).status).toBe(204);
  });

  it('deletes machines freely in a backend without the clusters plugin', async () => {
    const created = await create({ ip: '10.0.0.2', hostname: 'web-2' });
    expect(
      (
        await api()
          .delete(`/api/machines/machines/${created.body.id}`)
          .set('Authorization', USER)
      ).status,
    ).toBe(204);
  });

  it('serves its OpenAPI spec', async () => {
    const res = await api()
      .get('/api/machines/openapi.json')
      .set('Authorization', USER);
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/machines/machines']).toBeDefined();
  });

  describe('connection tests against a real sshd', () => {
    let sshd: TestSshd;

    beforeAll(async () => {
      sshd = await startSshd();
    });

    afterAll(async () => {
      await sshd?.stop();
    });

    async function runTest(body: object): Promise<FinishedConnectionTest> {
      const started = await api()
        .post('/api/machines/connection-tests')
        .set('Authorization', USER)
        .send(body);
      expect(started.status).toBe(202);
      return followConnectionTest(server, started.body.id, USER);
    }

    it('pins the host key on first success, reports refusals, and fails loudly when the key changes', async () => {
      const good = (
        await create({
          ip: sshd.host,
          hostname: 'sshd',
          sshPort: sshd.port,
          groups: ['lab'],
        })
      ).body as Machine;
      const closedPort = await freePort();
      const refused = (
        await create({
          ip: '127.0.0.2',
          hostname: 'closed',
          sshPort: closedPort,
          groups: ['lab'],
        })
      ).body as Machine;

      const first = await runTest({ group: 'lab' });
      expect(first).toMatchObject({ total: 2, done: 2, failed: 1 });
      const byId = Object.fromEntries(first.results.map(r => [r.machineId, r]));
      expect(byId[good.id]).toMatchObject({
        reachable: true,
        sshOk: true,
        errorKind: null,
        fingerprint: sshd.hostKeyFingerprint,
      });
      expect(byId[good.id].latencyMs).toBeGreaterThanOrEqual(0);
      expect(byId[refused.id]).toMatchObject({
        reachable: false,
        sshOk: false,
        errorKind: 'refused',
      });

      const pinned = (
        await api()
          .get(`/api/machines/machines/${good.id}`)
          .set('Authorization', USER)
      ).body as Machine;
      expect(pinned.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
      expect(pinned.hostPublicKey).toBe(sshd.hostPublicKey);
      expect(pinned.lastCheck).toMatchObject({ sshOk: true });

      const newKey = await sshd.regenerateHostKey();
      const second = await runTest({ machineIds: [good.id] });
      expect(second.results[0]).toMatchObject({
        reachable: true,
        sshOk: false,
        errorKind: 'hostkey',
        fingerprint: newKey,
      });
      // The job engine's words for it: the key changed, not merely unpinned.
      expect(second.targets[0]).toMatchObject({
        key: good.id,
        status: 'failed',
        errorKind: 'hostkey-changed',
      });
      expect(second.results[0].message).toContain(
        sshd.hostKeyFingerprint === newKey ? '' : 'host key',
      );
      // Still pinned to the old key until someone decides otherwise.
      expect(
        (
          await api()
            .get(`/api/machines/machines/${good.id}`)
            .set('Authorization', USER)
        ).body.hostKeyFingerprint,
      ).not.toBe(newKey);

      const forgotten = await api()
        .delete(`/api/machines/machines/${good.id}/host-key`)
        .set('Authorization', USER);
      expect(forgotten.body.hostKeyFingerprint).toBeNull();
      expect(forgotten.body.hostPublicKey).toBeNull();
      const third = await runTest({ all: true });
      expect(third.results.find(r => r.machineId === good.id)).toMatchObject({
        sshOk: true,
        fingerprint: newKey,
      });
      expect(
        (
          await api()
            .get(`/api/machines/machines/${good.id}`)
            .set('Authorization', USER)
        ).body.hostKeyFingerprint,
      ).toBe(newKey);
    });

    it('is a job: the caller owns it, and its events resume after a cursor', async () => {
      const machine = (
        await create({ ip: sshd.host, hostname: 'sshd', sshPort: sshd.port })
      ).body as Machine;
      const started = await api()
        .post('/api/machines/connection-tests')
        .set('Authorization', USER)
        .send({ machineIds: [machine.id] });
      expect(started.body).toMatchObject({
        kind: 'connection-test',
        title: 'Connection test of sshd',
        subject: `machine:${machine.id}`,
        createdBy: mockCredentials.user().principal.userEntityRef,
        params: { machineIds: [machine.id], machineCount: 1 },
        progress: { total: 1 },
      });
      const finished = await followConnectionTest(
        server,
        started.body.id,
        USER,
      );
      expect(finished.job.status).toBe('succeeded');
      expect(finished.targets).toEqual([
        expect.objectContaining({
          key: machine.id,
          label: `sshd (${sshd.host})`,
          status: 'succeeded',
          meta: expect.objectContaining({
            machineId: machine.id,
            credentialId: null,
            check: expect.objectContaining({ sshOk: true }),
          }),
        }),
      ]);

      const eventStream = (after: string | undefined, lastEventId?: string) => {
        let test = api()
          .get(
            `/api/machines/connection-tests/${started.body.id}/events${
              after === undefined ? '' : `?after=${after}`
            }`,
          )
          .set('Authorization', USER);
        if (lastEventId) test = test.set('Last-Event-ID', lastEventId);
        return test.buffer(true).parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => done(null, text));
        });
      };
      const all = await eventStream(undefined);
      expect(all.headers['content-type']).toMatch(/^text\/event-stream/);
      const seqs = (text: string) =>
        parseServerSentEvents(text).flatMap(e =>
          e.type === 'log' ? e.chunks.map(c => c.seq) : [],
        );
      const every = seqs(all.body);
      expect(every.length).toBeGreaterThan(1);
      expect(seqs((await eventStream('1')).body)).toEqual(every.slice(1));
      expect(seqs((await eventStream(undefined, '1')).body)).toEqual(
        every.slice(1),
      );
      expect(
        parseServerSentEvents((await eventStream('1')).body).map(e => e.type),
      ).toEqual(expect.arrayContaining(['job', 'targets', 'log', 'end']));

      const bad = await api()
        .get(`/api/machines/connection-tests/${started.body.id}/events?after=x`)
        .set('Authorization', USER);
      expect(bad.status).toBe(400);
    });

    it('validates what to test', async () => {
      for (const body of [
        {},
        { all: true, group: 'x' },
        { machineIds: ['nope'] },
        { everything: true },
      ]) {
        const res = await api()
          .post('/api/machines/connection-tests')
          .set('Authorization', USER)
          .send(body);
        expect([body, res.status]).toEqual([body, 400]);
      }
      const unknownGroup = await api()
        .post('/api/machines/connection-tests')
        .set('Authorization', USER)
        .send({ group: 'nope' });
      expect(unknownGroup.status).toBe(404);
      const unknownMachine = await api()
        .post('/api/machines/connection-tests')
        .set('Authorization', USER)
        .send({ machineIds: ['6f1c1a2e-0000-4000-8000-000000000000'] });
      expect(unknownMachine.status).toBe(404);
    });
  });
});
