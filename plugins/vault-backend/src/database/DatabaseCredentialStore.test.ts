import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '@opssight/plugin-testing-node';
import { SealedSecret } from '@opssight/plugin-vault-node';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import path from 'node:path';
import { NewCredential } from './CredentialStore';
import { DatabaseCredentialStore } from './DatabaseCredentialStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** Stand-ins: the store neither encrypts nor decrypts. */
const sealed = (keyId = 'key-a', tag = 'x'): SealedSecret => ({
  keyId,
  iv: `iv-${tag}`,
  authTag: `tag-${tag}`,
  ciphertext: `ct-${tag}`,
});

function credential(overrides: Partial<NewCredential> = {}): NewCredential {
  return {
    id: randomUUID(),
    name: 'db',
    kind: 'password',
    scope: 'personal',
    owner: ALICE,
    username: 'postgres',
    description: '',
    allowedDestinations: [],
    keyType: null,
    fingerprint: null,
    publicKey: null,
    sealed: sealed(),
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseCredentialStore on %p',
  databaseId => {
    let knex: Knex;
    let store: DatabaseCredentialStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseCredentialStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    it('creates, reads, updates and deletes a credential, keeping the secret apart from the metadata', async () => {
      const input = credential({
        kind: 'ssh-key',
        name: 'deploy',
        keyType: 'ssh-ed25519',
        fingerprint: 'SHA256:abc',
        publicKey: 'ssh-ed25519 AAAA',
      });
      const created = await store.create(input);
      expect(created).toEqual({
        id: input.id,
        name: 'deploy',
        kind: 'ssh-key',
        scope: 'personal',
        owner: ALICE,
        username: 'postgres',
        keyType: 'ssh-ed25519',
        fingerprint: 'SHA256:abc',
        publicKey: 'ssh-ed25519 AAAA',
        description: '',
        allowedDestinations: [],
        lastUsedAt: null,
        createdAt: expect.any(String),
        updatedAt: created.createdAt,
      });
      expect(await store.get(input.id)).toEqual(created);
      expect(await store.getSealed(input.id)).toEqual({
        credential: created,
        sealed: sealed(),
      });

      await new Promise(resolve => setTimeout(resolve, 5));
      const renamed = await store.update(input.id, {
        name: 'deploy key',
        description: 'CI',
      });
      expect(renamed).toMatchObject({ name: 'deploy key', description: 'CI' });
      expect(renamed.updatedAt > created.updatedAt).toBe(true);
      expect((await store.getSealed(input.id)).sealed).toEqual(sealed());

      const rekeyed = await store.update(input.id, {
        secret: {
          sealed: sealed('key-a', 'y'),
          keyType: 'ssh-rsa',
          fingerprint: 'SHA256:def',
          publicKey: 'ssh-rsa BBBB',
        },
      });
      expect(rekeyed).toMatchObject({
        name: 'deploy key',
        keyType: 'ssh-rsa',
        fingerprint: 'SHA256:def',
        createdAt: created.createdAt,
      });
      expect((await store.getSealed(input.id)).sealed).toEqual(
        sealed('key-a', 'y'),
      );

      await store.markUsed(input.id);
      expect((await store.get(input.id)).lastUsedAt).toEqual(
        expect.any(String),
      );

      expect((await store.delete(input.id)).name).toBe('deploy key');
      await expect(store.get(input.id)).rejects.toThrow(
        `No credential with id '${input.id}'`,
      );
      await expect(store.delete(input.id)).rejects.toThrow(/No credential/);
      await expect(store.update(input.id, { name: 'x' })).rejects.toThrow(
        /No credential/,
      );
    });

    it("lists a user's personal credentials and every shared one, with filters", async () => {
      await store.create(credential({ name: 'b-alice', owner: ALICE }));
      await store.create(
        credential({ name: 'a-bob', owner: BOB, kind: 'api-token' }),
      );
      await store.create(
        credential({ name: 'c-shared', owner: BOB, scope: 'shared' }),
      );
      const names = async (options: object) =>
        (await store.listVisible({ user: ALICE, ...options })).map(c => c.name);

      expect(await names({})).toEqual(['b-alice', 'c-shared']);
      expect((await store.listVisible({ user: BOB })).map(c => c.name)).toEqual(
        ['a-bob', 'c-shared'],
      );
      expect(await names({ scope: 'shared' })).toEqual(['c-shared']);
      expect(await names({ kind: 'api-token' })).toEqual([]);
      expect(await store.count()).toBe(3);
    });

    it('keeps names unique per owner among personal credentials and among shared ones, naming the holder', async () => {
      const first = await store.create(credential({ name: 'prod' }));
      await expect(store.create(credential({ name: 'prod' }))).rejects.toThrow(
        `name: you already have a personal credential named 'prod' (id ${first.id})`,
      );
      // Another user's, and a shared one, may use the same name.
      await store.create(credential({ name: 'prod', owner: BOB }));
      const shared = await store.create(
        credential({ name: 'prod', scope: 'shared' }),
      );
      await expect(
        store.create(credential({ name: 'prod', scope: 'shared', owner: BOB })),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: `name: a shared credential named 'prod' already exists (id ${shared.id})`,
      });

      const other = await store.create(credential({ name: 'staging' }));
      await expect(
        store.update(other.id, { name: 'prod' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect((await store.update(other.id, { name: 'staging' })).name).toBe(
        'staging',
      );
    });

    it('reseals credentials under the active key, once', async () => {
      const old1 = await store.create(credential({ name: 'one' }));
      const old2 = await store.create(credential({ name: 'two' }));
      await store.create(
        credential({ name: 'three', sealed: sealed('key-b', 'b') }),
      );

      const pending = await store.listSealedWithOtherKeys({
        keyId: 'key-b',
        limit: 10,
      });
      expect(pending.map(p => p.id).sort()).toEqual([old1.id, old2.id].sort());
      expect(pending[0].keyId).toBe('key-a');
      const [firstId] = pending.map(p => p.id);
      expect(
        await store.listSealedWithOtherKeys({
          keyId: 'key-b',
          afterId: firstId,
          limit: 10,
        }),
      ).toHaveLength(1);

      const seen: SealedSecret[] = [];
      const reseal = (s: SealedSecret) => {
        seen.push(s);
        return sealed('key-b', `re-${s.iv}`);
      };
      expect(await store.reseal(old1.id, 'key-b', reseal)).toBe('resealed');
      expect(seen).toEqual([sealed()]);
      expect((await store.getSealed(old1.id)).sealed.keyId).toBe('key-b');
      expect(await store.reseal(old1.id, 'key-b', reseal)).toBe('current');
      expect(await store.reseal(randomUUID(), 'key-b', reseal)).toBe('gone');
      expect(seen).toHaveLength(1);

      // A failed reseal leaves the credential as it was.
      await expect(
        store.reseal(old2.id, 'key-b', () => {
          throw new Error('cannot decrypt');
        }),
      ).rejects.toThrow('cannot decrypt');
      expect((await store.getSealed(old2.id)).sealed).toEqual(sealed());
    });

    if (databaseId.startsWith('POSTGRES')) {
      it('lets an update that replaced the secret during a reseal win', async () => {
        const { id } = await store.create(credential());
        const outcome = await store.reseal(id, 'key-b', async () => {
          // Another request replaces the secret (under the new key) meanwhile.
          await store.update(id, {
            secret: {
              sealed: sealed('key-b', 'fresh'),
              keyType: null,
              fingerprint: null,
              publicKey: null,
            },
          });
          return sealed('key-b', 'stale');
        });
        expect(outcome).toBe('current');
        expect((await store.getSealed(id)).sealed).toEqual(
          sealed('key-b', 'fresh'),
        );
      });
    }

    it("keeps a shared credential's allowed destinations until they are replaced", async () => {
      const input = credential({
        kind: 'api-token',
        scope: 'shared',
        name: 'kube-reader',
        allowedDestinations: ['https://k8s.example.com:6443/', '10.0.0.10'],
      });
      expect((await store.create(input)).allowedDestinations).toEqual([
        'https://k8s.example.com:6443/',
        '10.0.0.10',
      ]);
      const renamed = await store.update(input.id, { name: 'kube' });
      expect(renamed.allowedDestinations).toEqual([
        'https://k8s.example.com:6443/',
        '10.0.0.10',
      ]);
      const rebound = await store.update(input.id, {
        allowedDestinations: ['k8s.example.com:6443'],
      });
      expect(rebound.allowedDestinations).toEqual(['k8s.example.com:6443']);
      expect((await store.getSealed(input.id)).credential).toEqual(rebound);
      expect(
        (await store.update(input.id, { allowedDestinations: [] }))
          .allowedDestinations,
      ).toEqual([]);
    });

    it('binds credentials stored before destinations existed to none, and migrates that step down and up', async () => {
      const directory = path.resolve(__dirname, '../../migrations');
      const input = credential({ scope: 'shared', name: 'old' });
      await store.create({
        ...input,
        allowedDestinations: ['k8s.example.com'],
      });
      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn(
          'vault_credentials',
          'allowed_destinations',
        ),
      ).toBe(false);
      expect(
        (await knex('vault_credentials').where({ id: input.id })).length,
      ).toBe(1);
      await knex.migrate.up({ directory });
      expect((await store.get(input.id)).allowedDestinations).toEqual([]);
    });

    it('migrates down and up again', async () => {
      const directory = path.resolve(__dirname, '../../migrations');
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('vault_credentials')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('vault_credentials')).toBe(true);
    });
  },
);
