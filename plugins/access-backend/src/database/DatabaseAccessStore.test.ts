import {
  eachDatabase,
  expectMigrationsUpDownUp,
  storeTest,
} from '@opssight/plugin-testing-node';
import { NewLocalUser } from './AccessStore';
import { DatabaseAccessStore } from './DatabaseAccessStore';

jest.setTimeout(60_000);

const T0 = new Date('2026-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function user(overrides: Partial<NewLocalUser> = {}): NewLocalUser {
  return {
    username: 'alice',
    displayName: 'Alice',
    email: 'alice@example.com',
    role: 'operator',
    passwordHash: 'scrypt$1024$8$1$salt$hash-1',
    mustChangePassword: true,
    ...overrides,
  };
}

storeTest('DatabaseAccessStore', DatabaseAccessStore.create, t => {
  it('creates, reads, updates and deletes accounts without ever showing a hash', async () => {
    const created = await t.store.createUser(user(), T0);
    expect(created).toEqual({
      username: 'alice',
      displayName: 'Alice',
      email: 'alice@example.com',
      role: 'operator',
      disabled: false,
      mustChangePassword: true,
      passwordChangedAt: T0.toISOString(),
      lastSignInAt: null,
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });
    expect(JSON.stringify(await t.store.listUsers())).not.toContain('scrypt');
    expect(await t.store.findUser('alice')).toEqual(created);
    expect(await t.store.findUser('bob')).toBeUndefined();

    const { before, after } = await t.store.updateUser(
      'alice',
      {
        displayName: 'Alice A.',
        email: null,
        role: 'viewer',
        disabled: true,
      },
      at(60),
    );
    expect(before).toEqual(created);
    expect(after).toMatchObject({
      displayName: 'Alice A.',
      email: null,
      role: 'viewer',
      disabled: true,
      createdAt: T0.toISOString(),
      updatedAt: at(60).toISOString(),
    });

    const signedIn = await t.store.recordSignIn('alice', at(120));
    expect(signedIn.lastSignInAt).toBe(at(120).toISOString());

    expect(await t.store.deleteUser('alice')).toMatchObject({
      username: 'alice',
    });
    expect(await t.store.listUsers()).toEqual([]);
    await expect(t.store.deleteUser('alice')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(
      t.store.updateUser('alice', { role: 'admin' }, T0),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('refuses a taken username with a 409 naming the field', async () => {
    await t.store.createUser(user(), T0);
    await expect(t.store.createUser(user(), T0)).rejects.toMatchObject({
      name: 'ConflictError',
      message: "username: a user named 'alice' already exists",
    });
  });

  it('keeps the replaced hash as the previous one on a password change', async () => {
    await t.store.createUser(user(), T0);
    expect(await t.store.getPasswordHashes('alice')).toEqual({
      passwordHash: 'scrypt$1024$8$1$salt$hash-1',
      previousPasswordHash: null,
    });
    const changed = await t.store.setPassword(
      'alice',
      {
        passwordHash: 'scrypt$1024$8$1$salt$hash-2',
        mustChangePassword: false,
      },
      at(30),
    );
    expect(changed).toMatchObject({
      mustChangePassword: false,
      passwordChangedAt: at(30).toISOString(),
    });
    expect(await t.store.getPasswordHashes('alice')).toEqual({
      passwordHash: 'scrypt$1024$8$1$salt$hash-2',
      previousPasswordHash: 'scrypt$1024$8$1$salt$hash-1',
    });
    expect(await t.store.getPasswordHashes('nobody')).toBeUndefined();
  });

  it('never takes away the last enabled admin', async () => {
    await t.store.createUser(user({ username: 'root-1', role: 'admin' }), T0);
    for (const change of [{ role: 'operator' as const }, { disabled: true }]) {
      await expect(
        t.store.updateUser('root-1', change, T0),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining("'root-1' is the last enabled admin"),
      });
    }
    await expect(t.store.deleteUser('root-1')).rejects.toMatchObject({
      name: 'ConflictError',
    });

    await t.store.createUser(user({ username: 'root-2', role: 'admin' }), T0);
    await t.store.updateUser('root-1', { disabled: true }, T0);
    // root-2 is now the only enabled admin; root-1, disabled, does not count.
    await expect(
      t.store.updateUser('root-2', { role: 'viewer' }, T0),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    // Changing something else about the last admin is fine.
    await t.store.updateUser('root-2', { displayName: 'Root' }, T0);
    await t.store.updateUser('root-1', { disabled: false }, T0);
    await t.store.deleteUser('root-2');
    expect((await t.store.listUsers()).map(u => u.username)).toEqual([
      'root-1',
    ]);
  });

  /** The first admin, as the bootstrap asks for it. */
  const createInitialAdmin = () =>
    t.store.createInitialUser(user({ username: 'admin', role: 'admin' }), T0);
  const usernames = async () =>
    (await t.store.listUsers()).map(u => u.username);

  it('creates the initial user once, only into an empty table, and remembers it', async () => {
    const first = await createInitialAdmin();
    expect(first).toMatchObject({ username: 'admin', role: 'admin' });
    expect(
      await t.store.createInitialUser(user({ username: 'admin2' }), T0),
    ).toBeUndefined();

    await t.store.createUser(user({ username: 'root', role: 'admin' }), T0);
    await t.store.deleteUser('admin');
    expect(await createInitialAdmin()).toBeUndefined();
    expect(await usernames()).toEqual(['root']);
  });

  it('does not create the initial user where accounts already exist', async () => {
    await t.store.createUser(user(), T0);
    expect(await createInitialAdmin()).toBeUndefined();
    expect(await usernames()).toEqual(['alice']);
  });

  it('creates the initial user exactly once when two replicas start together', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        t.store.createInitialUser(user({ username: 'admin' }), T0),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await t.store.listUsers()).toHaveLength(1);
  });

  it('keeps sessions by hash, touches, deletes and expires them', async () => {
    await t.store.createUser(user(), T0);
    await t.store.createUser(user({ username: 'bob' }), T0);
    for (const [idHash, username] of [
      ['a'.repeat(64), 'alice'],
      ['b'.repeat(64), 'alice'],
      ['c'.repeat(64), 'alice'],
      ['d'.repeat(64), 'bob'],
    ]) {
      await t.store.createSession({
        idHash,
        username,
        clientAddress: '10.0.0.1',
        now: T0,
      });
    }
    await expect(
      t.store.createSession({
        idHash: 'e'.repeat(64),
        username: 'nobody',
        clientAddress: null,
        now: T0,
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });

    expect(await t.store.findSession('a'.repeat(64))).toMatchObject({
      user: { username: 'alice' },
      clientAddress: '10.0.0.1',
      createdAt: T0.toISOString(),
      lastSeenAt: T0.toISOString(),
    });
    await t.store.touchSession('a'.repeat(64), at(90));
    expect((await t.store.findSession('a'.repeat(64)))?.lastSeenAt).toBe(
      at(90).toISOString(),
    );

    expect(await t.store.deleteSessionsOf('alice', 'a'.repeat(64))).toBe(2);
    expect(await t.store.findSession('a'.repeat(64))).toBeDefined();
    expect(await t.store.findSession('b'.repeat(64))).toBeUndefined();
    expect(await t.store.findSession('d'.repeat(64))).toBeDefined();

    expect(await t.store.deleteSession('a'.repeat(64))).toBe(true);
    expect(await t.store.deleteSession('a'.repeat(64))).toBe(false);

    // Bob's session: idle since T0, so gone once "last seen before" passes T0.
    expect(
      await t.store.deleteExpiredSessions({
        lastSeenBefore: T0,
        createdBefore: T0,
      }),
    ).toBe(0);
    expect(
      await t.store.deleteExpiredSessions({
        lastSeenBefore: at(1),
        createdBefore: T0,
      }),
    ).toBe(1);

    // Deleting an account deletes its sessions.
    await t.store.createSession({
      idHash: 'f'.repeat(64),
      username: 'bob',
      clientAddress: null,
      now: T0,
    });
    await t.store.deleteUser('bob');
    expect(await t.store.findSession('f'.repeat(64))).toBeUndefined();
  });

  it('counts failures per key atomically and forgets old ones', async () => {
    const account = { kind: 'account' as const, subject: 'alice' };
    const address = { kind: 'address' as const, subject: '10.0.0.1' };
    const bump = (lockedUntil: string | null = null) =>
      t.store.recordFailure(account, current => ({
        failures: (current?.failures ?? 0) + 1,
        lastFailureAt: T0.toISOString(),
        lockedUntil,
      }));

    // Concurrent failures each count.
    await Promise.all([1, 2, 3, 4, 5].map(() => bump()));
    expect(await t.store.getFailureStates([account, address])).toEqual([
      { failures: 5, lastFailureAt: T0.toISOString(), lockedUntil: null },
    ]);
    await bump(at(30).toISOString());
    expect((await t.store.getFailureStates([account]))[0].lockedUntil).toBe(
      at(30).toISOString(),
    );

    await t.store.recordFailure(address, () => ({
      failures: 1,
      lastFailureAt: at(100).toISOString(),
      lockedUntil: null,
    }));
    // The account's last failure is old and its lock has ended; the address's is recent.
    expect(await t.store.deleteFailuresBefore(at(31))).toBe(1);
    expect(await t.store.getFailureStates([account, address])).toEqual([
      {
        failures: 1,
        lastFailureAt: at(100).toISOString(),
        lockedUntil: null,
      },
    ]);
    await t.store.clearFailures(address);
    expect(await t.store.getFailureStates([account, address])).toEqual([]);
    expect(await t.store.getFailureStates([])).toEqual([]);
  });
});

eachDatabase('migrations', db => {
  it('go up and down cleanly', async () => {
    const directory = require('node:path').resolve(
      __dirname,
      '../../migrations',
    );
    await expectMigrationsUpDownUp(db.knex, directory, [
      'local_users',
      'sign_in_failures',
    ]);
  });
});
