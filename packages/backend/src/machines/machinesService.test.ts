import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Machine } from '@opssight/plugin-machines-common';
import { onBehalfOfAuth, rolePermissions } from '@opssight/plugin-testing-node';
import machinesPlugin from '@opssight/plugin-machines-backend';
import { Knex } from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import {
  MachinesService,
  machinesServiceRef,
} from '@opssight/plugin-machines-node';
import { InMemoryMachinesService } from '@opssight/plugin-machines-node/testing';

jest.setTimeout(60_000);

const OPS = mockCredentials.user('user:default/ops');
const VIEWER = mockCredentials.user('user:default/viewer');
const ROLES = {
  'user:default/ops': 'operator',
  'user:default/viewer': 'viewer',
} as const;
const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyOfWeb1';

/** What each implementation needs to be tested the same way. */
type Subject = {
  service: MachinesService;
  /** Pins a host key on a machine, as a connection test does. */
  pin(
    machine: Machine,
    fingerprint: string,
    publicKey: string | null,
  ): Promise<void>;
};

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** The machines backend over HTTP, through the service's default factory. */
async function realRegistry(): Promise<Subject & { server: Server }> {
  const knex: Knex = await databases.init('SQLITE_3');
  let service: MachinesService | undefined;
  const consumer = createBackendPlugin({
    pluginId: 'consumer',
    register(env) {
      env.registerInit({
        deps: { machines: machinesServiceRef, logger: coreServices.logger },
        async init({ machines }) {
          service = machines;
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      machinesPlugin,
      consumer,
      onBehalfOfAuth,
      rolePermissions(ROLES),
      mockServices.database.factory({ knex, migrations: { skip: false } }),
      mockServices.rootConfig.factory({
        data: {
          // The vault's key, so no development key file is written.
          vault: {
            keys: [{ id: 'test', secret: randomBytes(32).toString('base64') }],
          },
        },
      }),
    ],
  });
  return {
    service: service!,
    server,
    async pin(machine, fingerprint, publicKey) {
      await knex('machines').where({ id: machine.id }).update({
        host_key_fingerprint: fingerprint,
        host_public_key: publicKey,
      });
    },
  };
}

/** The in-memory fake consumers test with. */
async function fakeRegistry(): Promise<Subject> {
  const fake = new InMemoryMachinesService({
    allowed: (action, credentials) =>
      action === 'read' ||
      (credentials.principal as { userEntityRef?: string }).userEntityRef !==
        'user:default/viewer',
  });
  return {
    service: fake,
    async pin(machine, fingerprint, publicKey) {
      fake.add({
        ...machine,
        hostKeyFingerprint: fingerprint,
        hostPublicKey: publicKey,
      });
    },
  };
}

describe.each([
  ['the machines backend over HTTP', realRegistry],
  ['InMemoryMachinesService', fakeRegistry],
])('MachinesService: %s', (_name, start) => {
  let subject: Subject;
  let machines: MachinesService;

  beforeEach(async () => {
    subject = await start();
    machines = subject.service;
  });

  const as = { credentials: OPS };

  async function register() {
    const web = await machines.create(
      {
        ip: '10.0.0.10',
        hostname: 'web-1',
        sshPort: 2222,
        sshUser: 'deploy',
        groups: ['web', 'prod'],
        tags: ['nginx'],
      },
      as,
    );
    const db = await machines.create(
      { ip: '10.0.0.9', hostname: 'db-1', groups: ['prod'] },
      as,
    );
    const cache = await machines.create(
      { ip: '10.0.0.1', hostname: 'cache-1', tags: ['nginx'] },
      as,
    );
    return { web, db, cache };
  }

  it('registers machines with the defaults the registry fills in', async () => {
    const { web } = await register();
    expect(web).toMatchObject({
      ip: '10.0.0.10',
      hostname: 'web-1',
      application: '',
      sshPort: 2222,
      sshUser: 'deploy',
      groups: ['prod', 'web'],
      tags: ['nginx'],
      owner: 'group:default/platform-team',
      hostKeyFingerprint: null,
      hostPublicKey: null,
      defaultCredentialId: null,
      lastCheck: null,
    });
    expect(await machines.get(web.id, as)).toEqual(web);
  });

  it('refuses a taken IP naming its holder, and a bad field naming the field', async () => {
    const { web } = await register();
    await expect(
      machines.create({ ip: '10.0.0.10', hostname: 'other' }, as),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: `ip: 10.0.0.10 is already used by machine 'web-1' (id ${web.id})`,
    });
    await expect(
      machines.create({ ip: '10.0.0.300', hostname: 'bad' }, as),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^Invalid machine: ip: /),
    });
  });

  it('gets machines by ids and by exact IPs, in the order asked, leaving out the unknown', async () => {
    const { web, db, cache } = await register();
    const unknown = randomUUID();

    expect(
      (await machines.getMany([db.id, unknown, web.id, db.id], as)).map(
        m => m.hostname,
      ),
    ).toEqual(['db-1', 'web-1']);
    // 10.0.0.1 is not a substring match for 10.0.0.10.
    expect(
      (await machines.findByIps(['10.0.0.1', '10.9.9.9', '10.0.0.10'], as)).map(
        m => m.id,
      ),
    ).toEqual([cache.id, web.id]);
    expect(await machines.getMany([], as)).toEqual([]);
    await expect(machines.get(unknown, as)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('lists every machine, or those of a group or with a tag, in IP order', async () => {
    await register();
    const hostnames = (list: Machine[]) => list.map(m => m.hostname);
    expect(hostnames(await machines.list({}, as))).toEqual([
      'cache-1',
      'db-1',
      'web-1',
    ]);
    expect(hostnames(await machines.list({ group: 'prod' }, as))).toEqual([
      'db-1',
      'web-1',
    ]);
    expect(
      hostnames(await machines.list({ group: 'prod', tag: 'nginx' }, as)),
    ).toEqual(['web-1']);
    expect(await machines.list({ group: 'nowhere' }, as)).toEqual([]);
  });

  it('gives the SSH target with the pinned host key and its known_hosts line', async () => {
    const { web, db } = await register();
    expect(await machines.sshTarget(web.id, as)).toEqual({
      machineId: web.id,
      hostname: 'web-1',
      address: '10.0.0.10',
      port: 2222,
      user: 'deploy',
      hostKeyFingerprint: null,
      hostPublicKey: null,
      knownHostsLine: null,
    });

    await subject.pin(web, 'SHA256:web', HOST_KEY);
    await subject.pin(db, 'SHA256:db', null);
    expect(await machines.sshTarget(web.id, as)).toMatchObject({
      hostKeyFingerprint: 'SHA256:web',
      hostPublicKey: HOST_KEY,
      knownHostsLine: `[10.0.0.10]:2222 ${HOST_KEY}`,
    });
    // Pinned before the key itself was kept: no line until the next test keeps it.
    expect(await machines.sshTarget(db.id, as)).toMatchObject({
      user: null,
      hostKeyFingerprint: 'SHA256:db',
      knownHostsLine: null,
    });
  });

  it("acts with the caller's permissions: a viewer reads but registers nothing", async () => {
    const { web } = await register();
    const viewer = { credentials: VIEWER };
    expect((await machines.get(web.id, viewer)).id).toBe(web.id);
    await expect(
      machines.create({ ip: '10.0.0.50', hostname: 'x' }, viewer),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: "Your role does not allow 'opssight.machines.create'",
    });
    expect(await machines.findByIps(['10.0.0.50'], as)).toEqual([]);
  });

  it('looks up more ids than one request may carry', async () => {
    const { web } = await register();
    const ids = [...Array.from({ length: 1500 }, () => randomUUID()), web.id];
    expect((await machines.getMany(ids, as)).map(m => m.id)).toEqual([web.id]);
  });
});

describe('DefaultMachinesService', () => {
  it('reads every machine from the registry, page by page', async () => {
    const { service, server } = await realRegistry();
    const text = Array.from(
      { length: 1203 },
      (_, i) => `10.30.${i >> 8}.${i & 255},host-${i}`,
    ).join('\n');
    const imported = await request(server)
      .post('/api/machines/bulk-imports')
      .set('Authorization', mockCredentials.user.header('user:default/ops'))
      .send({ text });
    expect(imported.body.created).toHaveLength(1203);

    const listed = await service.list({}, { credentials: OPS });
    expect(new Set(listed.map(m => m.hostname)).size).toBe(1203);
    expect(listed.map(m => m.hostname)).toContain('host-1202');
  });
});
