import { storeTest } from '@opssight/plugin-testing-node';
import { SealedSecret } from '@opssight/plugin-vault-node';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { NewCredential } from './CredentialStore';
import { DatabaseCredentialStore } from './DatabaseCredentialStore';

jest.setTimeout(60_000);

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

storeTest('DatabaseCredentialStore', DatabaseCredentialStore.create, t => {
  it('creates, reads, updates and deletes a credential, keeping the secret apart from the metadata', async () => {
    const input = credential({
      kind: 'ssh-key',
      name: 'deploy',
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:abc',
      publicKey: 'ssh-ed25519 AAAA',
    });
    const created = await t.store.create(input);
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
    expect(await t.store.get(input.id)).toEqual(created);
    expect(await t.store.getSealed(input.id)).toEqual({
      credential: created,
      sealed: sealed(),
    });

    await new Promise(resolve => setTimeout(resolve, 5));
    const renamed = await t.store.update(input.id, {
      name: 'deploy key',
      description: 'CI',
    });
    expect(renamed).toMatchObject({ name: 'deploy key', description: 'CI' });
    expect(renamed.updatedAt > created.updatedAt).toBe(true);
    expect((await t.store.getSealed(input.id)).sealed).toEqual(sealed());

    const rekeyed = await t.store.update(input.id, {
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
    expect((await t.store.getSealed(input.id)).sealed).toEqual(
      sealed('key-a', 'y'),
    );

    await t.store.markUsed(input.id);
    expect((await t.store.get(input.id)).lastUsedAt).toEqual(
      expect.any(String),
    );

    expect((await t.store.delete(input.id)).name).toBe('deploy key');
    await expect(t.store.get(input.id)).rejects.toThrow(
      `No credential with id '${input.id}'`,
    );
    await expect(t.store.delete(input.id)).rejects.toThrow(/No credential/);
    await expect(t.store.update(input.id, { name: 'x' })).rejects.toThrow(
      /No credential/,
    );
  });

  it("lists a user's personal credentials and every shared one, with filters", async () => {
    await t.store.create(credential({ name: 'b-alice', owner: ALICE }));
    await t.store.create(
      credential({ name: 'a-bob', owner: BOB, kind: 'api-token' }),
    );
    await t.store.create(
      credential({ name: 'c-shared', owner: BOB, scope: 'shared' }),
    );
    const names = async (options: object) =>
      (await t.store.listVisible({ user: ALICE, ...options })).map(c => c.name);

    expect(await names({})).toEqual(['b-alice', 'c-shared']);
    expect((await t.store.listVisible({ user: BOB })).map(c => c.name)).toEqual(
      ['a-bob', 'c-shared'],
    );
    expect(await names({ scope: 'shared' })).toEqual(['c-shared']);
    expect(await names({ kind: 'api-token' })).toEqual([]);
    expect(await t.store.count()).toBe(3);
  });

  it('keeps names unique per owner among personal credentials and among shared ones, naming the holder', async () => {
    const first = await t.store.create(credential({ name: 'prod' }));
    await expect(t.store.create(credential({ name: 'prod' }))).rejects.toThrow(
      `name: you already have a personal credential named 'prod' (id ${first.id})`,
    );
    // Another user's, and a shared one, may use the same name.
    await t.store.create(credential({ name: 'prod', owner: BOB }));
    const shared = await t.store.create(
      credential({ name: 'prod', scope: 'shared' }),
    );
    await expect(
      t.store.create(credential({ name: 'prod', scope: 'shared', owner: BOB })),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: `name: a shared credential named 'prod' already exists (id ${shared.id})`,
    });

    const other = await t.store.create(credential({ name: 'staging' }));
    await expect(
      t.store.update(other.id, { name: 'prod' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await t.store.update(other.id, { name: 'staging' })).name).toBe(
      'staging',
    );
  });

  it('reseals credentials under the active key, once', async () => {
    const old1 = await t.store.create(credential({ name: 'one' }));
    const old2 = await t.store.create(credential({ name: 'two' }));
    await t.store.create(
      credential({ name: 'three', sealed: sealed('key-b', 'b') }),
    );

    const pending = await t.store.listSealedWithOtherKeys({
      keyId: 'key-b',
      limit: 10,
    });
    expect(pending.map(p => p.id).sort()).toEqual([old1.id, old2.id].sort());
    expect(pending[0].keyId).toBe('key-a');
    const [firstId] = pending.map(p => p.id);
    expect(
      await t.store.listSealedWithOtherKeys({
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
    expect(await t.store.reseal(old1.id, 'key-b', reseal)).toBe('resealed');
    expect(seen).toEqual([sealed()]);
    expect((await t.store.getSealed(old1.id)).sealed.keyId).toBe('key-b');
    expect(await t.store.reseal(old1.id, 'key-b', reseal)).toBe('current');
    expect(await t.store.reseal(randomUUID(), 'key-b', reseal)).toBe('gone');
    expect(seen).toHaveLength(1);

    // A failed reseal leaves the credential as it was.
    await expect(
      t.store.reseal(old2.id, 'key-b', () => {
        throw new Error('cannot decrypt');
      }),
    ).rejects.toThrow('cannot decrypt');
    expect((await t.store.getSealed(old2.id)).sealed).toEqual(sealed());
  });

  if (t.databaseId.startsWith('POSTGRES')) {
    it('lets an update that replaced the secret during a reseal win', async () => {
      const { id } = await t.store.create(credential());
      const outcome = await t.store.reseal(id, 'key-b', async () => {
        // Another request replaces the secret (under the new key) meanwhile.
        await t.store.update(id, {
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
      expect((await t.store.getSealed(id)).sealed).toEqual(
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
    expect((await t.store.create(input)).allowedDestinations).toEqual([
      'https://k8s.example.com:6443/',
      '10.0.0.10',
    ]);
    const renamed = await t.store.update(input.id, { name: 'kube' });
    expect(renamed.allowedDestinations).toEqual([
      'https://k8s.example.com:6443/',
      '10.0.0.10',
    ]);
    const rebound = await t.store.update(input.id, {
      allowedDestinations: ['k8s.example.com:6443'],
    });
    expect(rebound.allowedDestinations).toEqual(['k8s.example.com:6443']);
    expect((await t.store.getSealed(input.id)).credential).toEqual(rebound);
    expect(
      (await t.store.update(input.id, { allowedDestinations: [] }))
        .allowedDestinations,
    ).toEqual([]);
  });

  it('binds credentials stored before destinations existed to none, and migrates that step down and up', async () => {
    const directory = path.resolve(__dirname, '../../migrations');
    const input = credential({ scope: 'shared', name: 'old' });
    await t.store.create({
      ...input,
      allowedDestinations: ['k8s.example.com'],
    });
    await t.knex.migrate.down({ directory });
    expect(
      await t.knex.schema.hasColumn(
        'vault_credentials',
        'allowed_destinations',
      ),
    ).toBe(false);
    expect(
      (await t.knex('vault_credentials').where({ id: input.id })).length,
    ).toBe(1);
    await t.knex.migrate.up({ directory });
    expect((await t.store.get(input.id)).allowedDestinations).toEqual([]);
  });

  it('migrates down and up again', async () => {
    const directory = path.resolve(__dirname, '../../migrations');
    await t.knex.migrate.rollback({ directory }, true);
    expect(await t.knex.schema.hasTable('vault_credentials')).toBe(false);
    await t.knex.migrate.latest({ directory });
    expect(await t.knex.schema.hasTable('vault_credentials')).toBe(true);
  });
});
