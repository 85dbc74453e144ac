import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Machine } from '@opssight/plugin-machines-common';
import {
  expectErrorAnswer,
  rolePermissions,
} from '@opssight/plugin-testing-node';
import { Knex } from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import machinesPlugin from '../index';

jest.setTimeout(60_000);

const USER = mockCredentials.user.header();
const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfWeb1';

describe('machine lookups and known_hosts lines', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let knex: Knex;
  let api: () => ReturnType<typeof request>;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        machinesPlugin,
        // Lookups and known_hosts lines are reads: a viewer may.
        rolePermissions('viewer'),
        mockServices.database.factory({ knex, migrations: { skip: false } }),
        mockServices.rootConfig.factory({
          data: {
            vault: {
              keys: [
                { id: 'test', secret: randomBytes(32).toString('base64') },
              ],
            },
          },
        }),
      ],
    });
    api = () => request(server);
  });

  /** Registered straight in the database: a viewer may not create machines. */
  async function insert(ip: string, hostname: string, sshPort = 22) {
    const id = randomUUID();
    const now = new Date().toISOString();
    await knex('machines').insert({
      id,
      ip,
      ip_sort: ip,
      hostname,
      application: '',
      ssh_port: sshPort,
      ssh_user: '',
      description: '',
      owner: 'group:default/ops',
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  const lookup = (body: object) =>
    api()
      .post('/api/machines/machines/lookup')
      .set('Authorization', USER)
      .send(body);

  it('answers the machines with any of the ids or at any of the IPs, exactly, each once', async () => {
    const web = await insert('10.0.0.10', 'web');
    const cache = await insert('10.0.0.1', 'cache');
    await insert('10.0.0.2', 'other');

    const res = await lookup({
      ids: [web, randomUUID()],
      ips: ['10.0.0.1', '10.0.0.10', '10.9.9.9'],
    });
    expect(res.status).toBe(200);
    expect((res.body.items as Machine[]).map(m => m.id).sort()).toEqual(
      [web, cache].sort(),
    );
    expect((await lookup({})).body).toEqual({ items: [] });
  });

  it('refuses more than 1000 ids or IPs, an unknown field, and a request without an identity', async () => {
    const many = Array.from(
      { length: 1001 },
      (_, i) => `10.0.${i >> 8}.${i & 255}`,
    );
    const tooManyIps = await lookup({ ips: many });
    expectErrorAnswer(
      tooManyIps,
      400,
      'Invalid lookup: ips: at most 1000 IPs in one lookup',
    );
    const tooManyIds = await lookup({
      ids: Array.from({ length: 1001 }, () => randomUUID()),
    });
    expect(tooManyIds.status).toBe(400);
    expect(tooManyIds.body.error.message).toMatch(/ids: at most 1000 ids/);
    expect(
      (await lookup({ ids: [randomUUID()], ips: many.slice(0, 1000) })).status,
    ).toBe(200);

    const unknown = await lookup({ hostnames: ['web'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/hostnames/);

    const anonymous = await api()
      .post('/api/machines/machines/lookup')
      .set('Authorization', mockCredentials.none.header())
      .send({ ids: [] });
    expect(anonymous.status).toBe(401);
  });

  it('serves the known_hosts line of a pinned key, and says why there is none', async () => {
    const web = await insert('10.0.0.10', 'web', 2222);
    const db = await insert('10.0.0.9', 'db');
    const knownHosts = (id: string) =>
      api()
        .get(`/api/machines/machines/${id}/known-hosts`)
        .set('Authorization', USER);

    const unpinned = await knownHosts(web);
    expectErrorAnswer(
      unpinned,
      409,
      'web has no pinned host key yet; run a connection test first',
    );

    await knex('machines').where({ id: web }).update({
      host_key_fingerprint: 'SHA256:web',
      host_public_key: HOST_KEY,
    });
    await knex('machines')
      .where({ id: db })
      .update({ host_key_fingerprint: 'SHA256:db', host_public_key: HOST_KEY });
    const pinned = await knownHosts(web);
    expect(pinned.status).toBe(200);
    expect(pinned.headers['content-type']).toMatch(/^text\/plain/);
    expect(pinned.text).toBe(`[10.0.0.10]:2222 ${HOST_KEY}\n`);
    expect((await knownHosts(db)).text).toBe(`10.0.0.9 ${HOST_KEY}\n`);

    await knex('machines').where({ id: db }).update({ host_public_key: null });
    const fingerprintOnly = await knownHosts(db);
    expect(fingerprintOnly.status).toBe(409);
    expect(fingerprintOnly.body.error.message).toMatch(
      /^db: only the fingerprint of its host key is kept so far/,
    );

    expect((await knownHosts(randomUUID())).status).toBe(404);
  });
});
