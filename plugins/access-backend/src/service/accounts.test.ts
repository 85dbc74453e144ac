import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ownershipRefs, userEntityRef } from '@opssight/plugin-access-common';
import { SessionEndReason } from '@opssight/plugin-access-node';
import { testDatabaseIds } from '@opssight/plugin-testing-node';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { SignInSessions } from './SignInSessions';
import { UserAccounts } from './UserAccounts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const T0 = new Date('2026-01-01T10:00:00.000Z').getTime();
const GOOD = 'velvet-harbour-42-quiet';
const OTHER = 'amber-lantern-17-north';

describe.each(databases.eachSupportedId())(
  'UserAccounts and SignInSessions on %p',
  databaseId => {
    let clock: number;
    let users: UserAccounts;
    let sessions: SignInSessions;
    let store: DatabaseAccessStore;
    let knex: Knex;
    /** The throttle's waits, in ms, instead of waiting. */
    let slept: number[];
    const advance = (seconds: number) => {
      clock += seconds * 1000;
    };

    beforeEach(async () => {
      clock = T0;
      slept = [];
      knex = await databases.init(databaseId);
      store = await DatabaseAccessStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      sessions = new SignInSessions({
        store,
        sessions: { idleTimeoutMinutes: 30, maxLifetimeHours: 12 },
        logger: mockServices.logger.mock(),
        now: () => new Date(clock),
        scrypt: FAST,
        sleep: async ms => void slept.push(ms),
      });
      users = new UserAccounts({
        store,
        sessions,
        logger: mockServices.logger.mock(),
        now: () => new Date(clock),
        scrypt: FAST,
      });
    });

    const createAlice = () =>
      users.createUser({
        username: 'Alice',
        displayName: 'Alice',
        role: 'operator',
        password: GOOD,
      });

    const attempt = (
      username: string,
      password: string,
      clientAddress: string,
    ) => sessions.verifyPassword({ username, password, clientAddress });

    describe('bootstrap', () => {
      it('creates admin/admin once, must change password, and never brings it back', async () => {
        const admin = await users.ensureInitialAdmin();
        expect(admin).toMatchObject({
          username: 'admin',
          role: 'admin',
          mustChangePassword: true,
        });
        expect(
          await sessions.verifyPassword({
            username: 'admin',
            password: 'admin',
            clientAddress: '10.0.0.1',
          }),
        ).toMatchObject({ ok: { username: 'admin' } });
        expect(await users.ensureInitialAdmin()).toBeUndefined();

        await users.createUser({
          username: 'root',
          role: 'admin',
          password: GOOD,
        });
        await users.deleteUser('admin');
        expect(await users.ensureInitialAdmin()).toBeUndefined();
        expect((await users.listUsers()).map(u => u.username)).toEqual([
          'root',
        ]);
      });
    });

    describe('passwords', () => {
      it('creates accounts under the policy, lower-casing the username', async () => {
        const alice = await createAlice();
        expect(alice).toMatchObject({
          username: 'alice',
          mustChangePassword: true,
        });
        await expect(
          users.createUser({
            username: 'bob',
            role: 'viewer',
            password: 'bob',
          }),
        ).rejects.toMatchObject({
          name: 'InputError',
          message:
            'password: must be at least 12 characters long; must not be the username',
        });
        await expect(
          users.createUser({
            username: 'bob',
            role: 'viewer',
            password: 'changeme1234',
          }),
        ).rejects.toMatchObject({
          message: 'password: is a well-known default or common password',
        });
        await expect(createAlice()).rejects.toMatchObject({
          name: 'ConflictError',
        });
      });

      it('verifies passwords, records the sign-in, and refuses disabled users only after the right password', async () => {
        await createAlice();
        const ok = await attempt('ALICE ', GOOD, '10.0.0.1');
        expect(ok).toMatchObject({
          ok: { username: 'alice', lastSignInAt: new Date(T0).toISOString() },
        });
        expect(await attempt('alice', OTHER, '10.0.0.1')).toEqual({
          error: 'invalid',
        });

        await users.setDisabled('alice', true);
        expect(await attempt('alice', GOOD, '10.0.0.1')).toEqual({
          error: 'disabled',
        });
        expect(await attempt('alice', OTHER, '10.0.0.1')).toEqual({
          error: 'invalid',
        });
      });

      it('changes the own password: checks the current one, applies the policy, clears the flag, ends other sessions', async () => {
        const alice = await createAlice();
        const here = await sessions.createSession({ user: alice });
        const elsewhere = await sessions.createSession({ user: alice });

        expect(
          await users.changePassword({
            username: 'alice',
            currentPassword: OTHER,
            newPassword: 'copper-meadow-99-still',
          }),
        ).toEqual({ error: 'invalid' });
        await expect(
          users.changePassword({
            username: 'alice',
            currentPassword: GOOD,
            newPassword: GOOD,
          }),
        ).rejects.toMatchObject({
          name: 'InputError',
          message:
            'newPassword: must differ from the current and previous password',
        });

        const changed = await users.changePassword({
          username: 'alice',
          currentPassword: GOOD,
          newPassword: OTHER,
          currentSessionId: here.sessionId,
        });
        expect(changed.ok).toMatchObject({ mustChangePassword: false });
        expect(await sessions.findSession(here.sessionId)).toBeDefined();
        expect(await sessions.findSession(elsewhere.sessionId)).toBeUndefined();

        // Neither the current nor the previous password can come back.
        for (const again of [GOOD, OTHER]) {
          await expect(
            users.changePassword({
              username: 'alice',
              currentPassword: OTHER,
              newPassword: again,
            }),
          ).rejects.toMatchObject({ name: 'InputError' });
        }
        expect(
          await sessions.verifyPassword({ username: 'alice', password: OTHER }),
        ).toMatchObject({ ok: { username: 'alice' } });
      });

      it('keeps the session a change is made from when only its handle is known (a token, no cookie)', async () => {
        const alice = await createAlice();
        const here = await sessions.createSession({ user: alice });
        const elsewhere = await sessions.createSession({ user: alice });
        const changed = await users.changePassword({
          username: 'alice',
          currentPassword: GOOD,
          newPassword: OTHER,
          currentSessionHandle: here.handle,
        });
        expect(changed.ok).toBeDefined();
        expect(await sessions.findSession(here.sessionId)).toBeDefined();
        expect(await sessions.findSession(elsewhere.sessionId)).toBeUndefined();
      });

      it('resets a password: the user must change it and every session ends', async () => {
        const alice = await createAlice();
        await users.changePassword({
          username: 'alice',
          currentPassword: GOOD,
          newPassword: OTHER,
        });
        const session = await sessions.createSession({ user: alice });
        const reset = await users.resetPassword(
          'alice',
          'copper-meadow-99-still',
        );
        expect(reset.mustChangePassword).toBe(true);
        expect(await sessions.findSession(session.sessionId)).toBeUndefined();
        await expect(
          users.resetPassword('alice', 'alice-again-and-again'),
        ).rejects.toMatchObject({
          message: 'password: must not contain the username',
        });
        await expect(
          users.resetPassword('nobody', 'copper-meadow-99-still'),
        ).rejects.toMatchObject({ name: 'NotFoundError' });
      });
    });

    describe('throttling', () => {
      /** Signs `username` in with the right password from `clientAddress`. */
      const expectSignedIn = async (username: string, clientAddress: string) =>
        expect(await attempt(username, GOOD, clientAddress)).toMatchObject({
          ok: { username },
        });
      /** `count` wrong passwords for `username`, the i-th from `from(i)`. */
      const fail = async (
        username: string,
        count: number,
        from: (i: number) => string,
      ) => {
        const answers = [];
        for (let i = 0; i < count; i++) {
          answers.push(await attempt(username, OTHER, from(i)));
        }
        return answers;
      };
      /** As `fail`, each wrong password answered as such. */
      const expectRefused = async (
        username: string,
        count: number,
        from: (i: number) => string,
      ) =>
        expect(await fail(username, count, from)).toEqual(
          Array(count).fill({ error: 'invalid' }),
        );

      it('locks an account from one address after 5 failures, with doubling waits up to 15 minutes', async () => {
        await createAlice();
        await expectRefused('alice', 5, () => '10.0.0.1');
        // The right password does not help from that address while locked.
        expect(await attempt('alice', GOOD, '10.0.0.1')).toEqual({
          error: 'throttled',
          retryAfterSeconds: 30,
        });
        advance(20);
        expect(await attempt('alice', GOOD, '10.0.0.1')).toEqual({
          error: 'throttled',
          retryAfterSeconds: 10,
        });

        const waits: number[] = [];
        for (let i = 0; i < 8; i++) {
          advance(15 * 60);
          expect(await attempt('alice', OTHER, '10.0.0.1')).toEqual({
            error: 'invalid',
          });
          const locked = await attempt('alice', GOOD, '10.0.0.1');
          waits.push(
            locked.error === 'throttled' ? locked.retryAfterSeconds : 0,
          );
        }
        expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900, 900]);
      });

      it('never locks the owner out over failures from other addresses: the account is only slowed down, up to 2 s', async () => {
        await createAlice();
        await expectRefused('alice', 20, i => `10.0.0.${i}`);
        expect(slept).toEqual([
          250, 500, 1000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000,
          2000, 2000, 2000,
        ]);
        slept = [];
        await expectSignedIn('alice', '10.9.9.9');
        expect(slept).toEqual([2000]);
        // Her success clears the account's delay.
        slept = [];
        await expectSignedIn('alice', '10.9.9.9');
        expect(slept).toEqual([]);
      });

      it('resets the account on success', async () => {
        await createAlice();
        await fail('alice', 4, i => `10.0.0.${i}`);
        await expectSignedIn('alice', '10.0.1.1');
        await expectRefused('alice', 4, i => `10.0.2.${i}`);
        await expectSignedIn('alice', '10.0.3.1');
      });

      it('locks a client address after 5 failures on any names, known or not, with the same answers', async () => {
        await createAlice();
        const answers = [];
        for (const name of [
          'alice',
          'ghost',
          'nobody',
          'x',
          'Not a valid name!',
        ]) {
          answers.push(await attempt(name, OTHER, '192.0.2.7'));
        }
        expect(answers).toEqual(Array(5).fill({ error: 'invalid' }));
        // Every name from that address is locked, existing or not, right password or not.
        expect(await attempt('alice', GOOD, '192.0.2.7')).toEqual({
          error: 'throttled',
          retryAfterSeconds: 30,
        });
        expect(await attempt('ghost', GOOD, '192.0.2.7')).toEqual({
          error: 'throttled',
          retryAfterSeconds: 30,
        });
        // Another address is not.
        await expectSignedIn('alice', '192.0.2.8');
        // A success does not clear the address: it stays locked until its wait is over.
        expect(await attempt('alice', GOOD, '192.0.2.7')).toMatchObject({
          error: 'throttled',
        });
        advance(31);
        await expectSignedIn('alice', '192.0.2.7');
      });

      it('locks and slows unknown usernames exactly like known ones', async () => {
        await createAlice();
        const known = [];
        const unknown = [];
        const knownSlept = [];
        for (let i = 0; i < 6; i++) {
          known.push(await attempt('alice', OTHER, '10.3.0.1'));
          unknown.push(await attempt('ghost', OTHER, '10.4.0.1'));
        }
        expect(unknown).toEqual(known);
        expect(known[5]).toEqual({ error: 'throttled', retryAfterSeconds: 30 });
        const unknownSlept = [];
        for (let i = 0; i < 3; i++) {
          slept = [];
          await attempt('alice', OTHER, `10.5.0.${i}`);
          knownSlept.push(...slept);
          slept = [];
          await attempt('ghost', OTHER, `10.6.0.${i}`);
          unknownSlept.push(...slept);
        }
        expect(unknownSlept).toEqual(knownSlept);
        expect(knownSlept).toEqual([250, 500, 1000]);
      });

      it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', async () => {
        for (let i = 1; i <= 5; i++) {
          await attempt(`user${i}`, OTHER, `2001:db8:1:2::${i}`);
        }
        expect(await attempt('user9', OTHER, '2001:db8:1:2:ffff::9')).toEqual({
          error: 'throttled',
          retryAfterSeconds: 30,
        });
        expect(await attempt('user9', OTHER, '2001:db8:1:3::1')).toEqual({
          error: 'invalid',
        });

        for (let i = 1; i <= 5; i++) {
          await attempt(`user${i}`, OTHER, '::ffff:198.51.100.4');
        }
        expect(await attempt('user9', OTHER, '198.51.100.4')).toMatchObject({
          error: 'throttled',
        });
      });

      it('forgets failures an hour after the last one', async () => {
        await createAlice();
        await fail('alice', 4, i => `10.5.0.${i}`);
        advance(61 * 60);
        await expectRefused('alice', 4, i => `10.6.0.${i}`);
        await expectSignedIn('alice', '10.7.0.1');
      });

      it('throttles wrong current passwords on a password change too', async () => {
        await createAlice();
        for (let i = 0; i < 5; i++) {
          await users.changePassword({
            username: 'alice',
            currentPassword: OTHER,
            newPassword: 'copper-meadow-99-still',
            clientAddress: '10.8.0.1',
          });
        }
        expect(
          await users.changePassword({
            username: 'alice',
            currentPassword: GOOD,
            newPassword: 'copper-meadow-99-still',
            clientAddress: '10.8.0.1',
          }),
        ).toEqual({ error: 'throttled', retryAfterSeconds: 30 });
      });
    });

    describe('sessions', () => {
      it('stores only a hash of the random session id', async () => {
        const alice = await createAlice();
        const { sessionId, expiresAt } = await sessions.createSession({
          user: alice,
          clientAddress: '10.0.0.1',
        });
        expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(expiresAt).toBe(new Date(T0 + 30 * 60_000).toISOString());
        const rows = await knex('sign_in_sessions').select('id_hash');
        expect(rows).toEqual([
          { id_hash: createHash('sha256').update(sessionId).digest('hex') },
        ]);
        expect(await store.findSession(sessionId)).toBeUndefined();
        const other = await sessions.createSession({ user: alice });
        expect(other.sessionId).not.toBe(sessionId);
      });

      it('ends a session after 30 idle minutes, and keeps a used one alive', async () => {
        const alice = await createAlice();
        const { sessionId } = await sessions.createSession({ user: alice });
        advance(29 * 60);
        expect(await sessions.findSession(sessionId)).toMatchObject({
          user: { username: 'alice' },
          lastSeenAt: new Date(clock).toISOString(),
          expiresAt: new Date(clock + 30 * 60_000).toISOString(),
        });
        advance(29 * 60);
        expect(await sessions.findSession(sessionId)).toBeDefined();
        advance(30 * 60);
        expect(await sessions.findSession(sessionId)).toBeUndefined();
        // Ended for good, even if the clock went back.
        clock = T0;
        expect(await sessions.findSession(sessionId)).toBeUndefined();
      });

      it('ends a session 12 hours after sign-in however much it is used', async () => {
        const alice = await createAlice();
        const { sessionId } = await sessions.createSession({ user: alice });
        for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
          advance(20 * 60);
          expect([minutes, await sessions.findSession(sessionId)]).toEqual([
            minutes,
            expect.objectContaining({ user: expect.anything() }),
          ]);
        }
        // 11h40 in: the remaining lifetime is shorter than the idle timeout.
        expect((await sessions.findSession(sessionId))?.expiresAt).toBe(
          new Date(T0 + 12 * 3_600_000).toISOString(),
        );
        advance(20 * 60);
        expect(await sessions.findSession(sessionId)).toBeUndefined();
      });

      it('revokes one session on sign-out, and all on role change or disabling', async () => {
        const alice = await createAlice();
        const a = await sessions.createSession({ user: alice });
        const b = await sessions.createSession({ user: alice });
        expect(await sessions.endSession(a.sessionId)).toBe(true);
        expect(await sessions.endSession(a.sessionId)).toBe(false);
        expect(await sessions.findSession(a.sessionId)).toBeUndefined();
        expect(await sessions.findSession(b.sessionId)).toBeDefined();

        // A profile change that keeps the role keeps the sessions.
        await users.updateUser('alice', {
          displayName: 'Alice B.',
          role: 'operator',
        });
        expect(await sessions.findSession(b.sessionId)).toBeDefined();
        await users.updateUser('alice', {
          displayName: 'Alice B.',
          role: 'viewer',
        });
        expect(await sessions.findSession(b.sessionId)).toBeUndefined();

        const c = await sessions.createSession({ user: alice });
        await users.setDisabled('alice', true);
        expect(await sessions.findSession(c.sessionId)).toBeUndefined();
        await expect(
          sessions.createSession({ user: alice }),
        ).rejects.toMatchObject({
          name: 'NotAllowedError',
        });
        await users.setDisabled('alice', false);
        const d = await sessions.createSession({ user: alice });
        expect(await sessions.endSessionsOf(alice)).toBe(1);
        expect(await sessions.findSession(d.sessionId)).toBeUndefined();
      });

      it('tells the sessions service which sessions end, and why', async () => {
        const alice = await createAlice();
        await users.createUser({
          username: 'bob',
          role: 'viewer',
          password: OTHER,
        });
        const ended: Array<[string, SessionEndReason]> = [];
        const watch = async (username: string, label: string) => {
          const session = await sessions.createSession({ user: { username } });
          sessions.onSessionEnded(session.handle, reason =>
            ended.push([label, reason]),
          );
          return session;
        };
        // The re-checks of user-wide endings run after the announcement.
        const settle = async (count: number) => {
          for (let i = 0; i < 200 && ended.length < count; i++) {
            await new Promise(resolve => setTimeout(resolve, 25));
          }
          // A little longer, for anything that should not come.
          await new Promise(resolve => setTimeout(resolve, 50));
        };

        const a1 = await watch('alice', 'a1');
        const a2 = await watch('alice', 'a2');
        await watch('bob', 'b1');
        expect(await sessions.isSessionLive(a1.handle)).toBe(true);

        await sessions.endSession(a1.sessionId);
        expect(ended).toEqual([['a1', 'signed-out']]);
        expect(await sessions.isSessionLive(a1.handle)).toBe(false);

        await users.changePassword({
          username: 'alice',
          currentPassword: GOOD,
          newPassword: 'copper-meadow-58-west',
          currentSessionId: a2.sessionId,
        });
        await settle(1);
        expect(ended).toEqual([['a1', 'signed-out']]);

        await watch('alice', 'a3');
        await users.updateUser('alice', { displayName: 'A', role: 'viewer' });
        await settle(3);
        expect(ended).toEqual([
          ['a1', 'signed-out'],
          ['a2', 'role-changed'],
          ['a3', 'role-changed'],
        ]);

        await watch('alice', 'a4');
        await users.setDisabled('alice', true);
        await settle(4);
        await users.setDisabled('alice', false);
        await watch('alice', 'a5');
        await users.resetPassword('alice', 'silver-canyon-93-east');
        await settle(5);
        const a6 = await watch('alice', 'a6');
        advance(31 * 60);
        expect(await sessions.isSessionLive(a6.handle)).toBe(false);
        expect(ended.slice(3)).toEqual([
          ['a4', 'disabled'],
          ['a5', 'password-reset'],
          ['a6', 'expired'],
        ]);
        // Bob's session was never touched by Alice's changes.
        expect(ended.map(([label]) => label)).not.toContain('b1');
        expect(alice.username).toBe('alice');
      });

      it('rejects ids that are not session ids without a lookup', async () => {
        for (const id of ['', 'x', 'a'.repeat(44), `${'a'.repeat(42)}=`]) {
          expect(await sessions.findSession(id)).toBeUndefined();
          expect(await sessions.endSession(id)).toBe(false);
        }
      });

      it('purges ended sessions', async () => {
        const alice = await createAlice();
        const { sessionId } = await sessions.createSession({ user: alice });
        advance(31 * 60);
        await sessions.purgeExpired();
        clock = T0;
        // Gone from the store: not even a clock set back finds it.
        expect(await sessions.findSession(sessionId)).toBeUndefined();
      });
    });

    it('names the catalog entities of an account', async () => {
      const alice = await createAlice();
      expect(userEntityRef(alice)).toBe('user:default/alice');
      expect(ownershipRefs(alice)).toEqual([
        'user:default/alice',
        'group:default/opssight-operators',
      ]);
      expect(await users.findUserByEntityRef('user:default/Alice')).toEqual(
        alice,
      );
      expect(
        await users.findUserByEntityRef('user:other/alice'),
      ).toBeUndefined();
      expect(
        await users.findUserByEntityRef('group:default/alice'),
      ).toBeUndefined();
      expect(await users.findUserByEntityRef('not a ref:')).toBeUndefined();
    });
  },
);
