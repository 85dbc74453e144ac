import { TestDatabases } from '@backstage/backend-test-utils';
import { seededCredentialId } from '@opssight/plugin-vault-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Knex } from 'knex';
import request from 'supertest';
import {
  ADA,
  asUser,
  auditEvents,
  captureLogs,
  newKey,
  sshKeygen,
  startVault,
} from '../__testUtils__/vaultBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('vault.seed.sharedCredentials', () => {
  let dir: string;
  let key: Awaited<ReturnType<typeof sshKeygen>>;
  let knex: Knex;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opssight-vault-seed-'));
    key = await sshKeygen(dir, 'demo_key', ['-t', 'ed25519', '-N', '']);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
  });

  const seed = () => ({
    seed: {
      sharedCredentials: [
        {
          name: 'demo-ssh',
          kind: 'ssh-key',
          username: 'demo',
          privateKeyFile: join(dir, 'demo_key'),
        },
      ],
    },
  });

  /** The vault as a development start runs it: no vault.keys, a generated key. */
  async function startDev(logs: ReturnType<typeof captureLogs>) {
    return startVault({
      keys: [],
      knex,
      logs,
      config: {
        vault: {
          keys: undefined,
          devKeyFile: join(dir, 'vault-dev-key.json'),
          ...seed(),
        },
      },
    });
  }

  it('creates the shared credential once, owned by the system, audited, its key never shown', async () => {
    const logs = captureLogs();
    const first = await startDev(logs);
    await first.stop();
    const backend = await startDev(logs);
    try {
      const res = await request(backend.server)
        .get('/api/vault/credentials')
        .set('Authorization', asUser(ADA));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          id: seededCredentialId('demo-ssh'),
          name: 'demo-ssh',
          kind: 'ssh-key',
          scope: 'shared',
          owner: 'user:default/system',
          username: 'demo',
          fingerprint: key.fingerprint,
          allowedDestinations: [],
        }),
      ]);
      const body = key.privateKey.split('\n')[2];
      expect(res.text).not.toContain(body);
      expect(logs.lines.join('\n')).not.toContain(body);
      // Two starts, one creation.
      expect(
        auditEvents(logs).filter(e => e.eventId === 'credential-seed'),
      ).toEqual([
        expect.objectContaining({
          status: 'initiated',
          meta: expect.objectContaining({ name: 'demo-ssh' }),
        }),
        expect.objectContaining({ status: 'succeeded' }),
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('is not seeded again once renamed, nor where vault.keys is set', async () => {
    const logs = captureLogs();
    let backend = await startDev(logs);
    const id = seededCredentialId('demo-ssh');
    const renamed = await request(backend.server)
      .put(`/api/vault/credentials/${id}`)
      .set('Authorization', asUser(ADA))
      .send({ name: 'demo key' });
    expect(renamed.status).toBe(200);
    await backend.stop();
    backend = await startDev(logs);
    const list = await request(backend.server)
      .get('/api/vault/credentials')
      .set('Authorization', asUser(ADA));
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual([
      'demo key',
    ]);
    await backend.stop();

    knex = await databases.init('SQLITE_3');
    const prodLogs = captureLogs();
    backend = await startVault({
      keys: [newKey('key-a')],
      knex,
      logs: prodLogs,
      config: { vault: seed() },
    });
    try {
      const res = await request(backend.server)
        .get('/api/vault/credentials')
        .set('Authorization', asUser(ADA));
      expect(res.body.items).toEqual([]);
      expect(prodLogs.lines.join('\n')).toContain(
        'vault.seed.sharedCredentials is ignored',
      );
    } finally {
      await backend.stop();
    }
  });
});
