import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  expectErrorAnswer,
  testDatabaseIds,
} from '@opssight/plugin-testing-node';
import request from 'supertest';
import { startAccessBackend, Transcript } from '../__testUtils__/accessBackend';
import { SESSION_COOKIE } from '@opssight/plugin-access-node';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const ADMIN = mockCredentials.user.header('user:default/root');
const ALICE = mockCredentials.user.header('user:default/alice');
const GUEST = mockCredentials.user.header('user:default/guest');

const ALICE_PASSWORD = 'velvet-harbour-42-quiet';
const NEW_PASSWORD = 'amber-lantern-17-north';
const RESET_PASSWORD = 'copper-meadow-99-still';
const ALL_PASSWORDS = [
  ALICE_PASSWORD,
  NEW_PASSWORD,
  RESET_PASSWORD,
  'wrong-password-123',
];

/** Nothing the backend said may contain a password or a hash. */
function expectNoSecrets(transcript: Transcript) {
  const said = [
    ...transcript.responses,
    ...transcript.logs,
    ...transcript.audit.map(a => JSON.stringify(a)),
    ...transcript.events.map(e => JSON.stringify(e)),
  ];
  expect(said.length).toBeGreaterThan(10);
  for (const text of said) {
    expect(text).not.toMatch(/scrypt|password_?hash|passwordHash/i);
    for (const password of ALL_PASSWORDS) {
      expect(text).not.toContain(password);
    }
  }
}

describe.each(databases.eachSupportedId())(
  'access router on %p',
  databaseId => {
    it('starts with exactly one account, admin, once, and never brings it back', async () => {
      const knex = await databases.init(databaseId);
      const first = await startAccessBackend({ knex });
      const admin = first.api(ADMIN);
      const listed = await admin.get('/users');
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          username: 'admin',
          role: 'admin',
          mustChangePassword: true,
          disabled: false,
        }),
      ]);
      expect(first.transcript.logs.join('\n')).toContain(
        "Created the initial account 'admin'",
      );
      await first.backend.stop();

      const second = await startAccessBackend({ knex });
      expect((await second.api(ADMIN).get('/users')).body.items).toHaveLength(
        1,
      );
      // Replace admin by another admin and delete it: it stays gone after a restart.
      expect(
        (
          await second.api(ADMIN).post('/users', {
            username: 'root',
            role: 'admin',
            password: ALICE_PASSWORD,
          })
        ).status,
      ).toBe(201);
      expect((await second.api(ADMIN).delete('/users/admin')).status).toBe(204);
      await second.backend.stop();

      const third = await startAccessBackend({ knex });
      expect(
        (await third.api(ADMIN).get('/users')).body.items.map(
          (u: { username: string }) => u.username,
        ),
      ).toEqual(['root']);
      expect(third.transcript.logs.join('\n')).not.toContain('initial account');
      await third.backend.stop();
    });
  },
);

describe('access router', () => {
  let started: Awaited<ReturnType<typeof startAccessBackend>>;
  let admin: ReturnType<typeof started.api>;

  beforeEach(async () => {
    started = await startAccessBackend();
    admin = started.api(ADMIN);
  });

  afterEach(async () => {
    expectNoSecrets(started.transcript);
    await started.backend.stop();
  });

  const createAlice = () =>
    admin.post('/users', {
      username: 'Alice',
      displayName: 'Alice Liddell',
      email: 'alice@example.com',
      role: 'operator',
      password: ALICE_PASSWORD,
    });

  it('refuses requests without an identity', async () => {
    const none = started.api(mockCredentials.none.header());
    for (const [method, path] of [
      ['get', '/users'],
      ['post', '/users'],
      ['get', '/users/admin'],
      ['put', '/users/admin'],
      ['delete', '/users/admin'],
      ['post', '/users/admin/disable'],
      ['post', '/users/admin/enable'],
      ['post', '/users/admin/reset-password'],
      ['get', '/me'],
      ['post', '/me/password'],
    ] as const) {
      const res = await none[method](path, method === 'get' ? undefined : {});
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it('creates, reads, updates, disables, resets and deletes accounts, auditing and announcing each change', async () => {
    const created = await createAlice();
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      username: 'alice',
      displayName: 'Alice Liddell',
      email: 'alice@example.com',
      role: 'operator',
      disabled: false,
      mustChangePassword: true,
      passwordChangedAt: expect.any(String),
      lastSignInAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await admin.get('/users/alice')).body).toEqual(created.body);
    expect(
      (await admin.get('/users')).body.items.map(
        (u: { username: string }) => u.username,
      ),
    ).toEqual(['admin', 'alice']);

    const updated = await admin.put('/users/alice', {
      displayName: 'Alice L.',
      role: 'viewer',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      displayName: 'Alice L.',
      email: null,
      role: 'viewer',
    });

    const disabled = await admin.post('/users/alice/disable');
    expect(disabled.body).toMatchObject({ disabled: true });
    const enabled = await admin.post('/users/alice/enable');
    expect(enabled.body).toMatchObject({ disabled: false });

    const reset = await admin.post('/users/alice/reset-password', {
      password: RESET_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ mustChangePassword: true });

    expect((await admin.delete('/users/alice')).status).toBe(204);
    expect((await admin.get('/users/alice')).status).toBe(404);

    const succeeded = started.transcript.audit.filter(
      a => a.outcome === 'succeeded',
    );
    expect(succeeded.map(a => [a.eventId, a.meta])).toEqual([
      [
        'access-user-create',
        { target: 'user:default/alice', role: 'operator' },
      ],
      [
        'access-user-update',
        {
          target: 'user:default/alice',
          role: 'viewer',
          previousRole: 'operator',
        },
      ],
      ['access-user-disable', { target: 'user:default/alice' }],
      ['access-user-enable', { target: 'user:default/alice' }],
      ['access-user-reset-password', { target: 'user:default/alice' }],
      ['access-user-delete', { target: 'user:default/alice' }],
    ]);
    expect(
      started.transcript.events.map(e => [
        e.type,
        e.users.map(u => `${u.username}:${u.role}:${u.disabled}`),
      ]),
    ).toEqual([
      ['upserted', ['admin:admin:false']], // created at start
      ['upserted', ['alice:operator:false']],
      ['upserted', ['alice:viewer:false']],
      ['upserted', ['alice:viewer:true']],
      ['upserted', ['alice:viewer:false']],
      ['deleted', ['alice:viewer:false']],
    ]);
  });

  it('answers 400 naming the field, 404 for unknown users and 409 for duplicates or the last admin', async () => {
    const cases: Array<[string, object, RegExp]> = [
      [
        'bad username',
        { username: 'a b', role: 'viewer', password: ALICE_PASSWORD },
        /^Invalid user: username: may contain only a-z/,
      ],
      [
        'long username',
        { username: 'a'.repeat(64), role: 'viewer', password: ALICE_PASSWORD },
        /username: must be at most 63 characters/,
      ],
      [
        'no role',
        { username: 'bob', password: ALICE_PASSWORD },
        /^Invalid user: role: is required$/,
      ],
      [
        'bad role',
        { username: 'bob', role: 'root', password: ALICE_PASSWORD },
        /role: must be one of viewer, operator, admin/,
      ],
      [
        'bad email',
        {
          username: 'bob',
          role: 'viewer',
          email: 'bob',
          password: ALICE_PASSWORD,
        },
        /email: must be an email address/,
      ],
      [
        'unknown field',
        { username: 'bob', role: 'viewer', password: ALICE_PASSWORD, admin: 1 },
        /unknown field 'admin'/,
      ],
      [
        'no password',
        { username: 'bob', role: 'viewer' },
        /password: is required/,
      ],
      [
        'weak password',
        { username: 'bob', role: 'viewer', password: 'bob' },
        /^password: must be at least 12 characters long; must not be the username$/,
      ],
      [
        'default password',
        { username: 'bob', role: 'viewer', password: 'changeme' },
        /password: .*is a well-known default/,
      ],
    ];
    for (const [what, body, message] of cases) {
      const res = await admin.post('/users', body);
      expect([what, res.status, res.body.error?.message]).toEqual([
        what,
        400,
        expect.stringMatching(message),
      ]);
    }

    const malformed = await request(started.backend.server)
      .post('/api/access/users')
      .set('Authorization', ADMIN)
      .set('Content-Type', 'application/json')
      .send('{"username": "bob", "password": "secret-in-broken-json');
    expect(malformed.status).toBe(400);
    expect(malformed.text).not.toContain('secret-in-broken-json');

    expect((await createAlice()).status).toBe(201);
    const duplicate = await createAlice();
    expectErrorAnswer(
      duplicate,
      409,
      "username: a user named 'alice' already exists",
    );

    for (const [method, path, body] of [
      ['get', '/users/nobody', undefined],
      ['put', '/users/nobody', { displayName: 'N', role: 'viewer' }],
      ['delete', '/users/nobody', undefined],
      ['post', '/users/nobody/disable', undefined],
      ['post', '/users/nobody/enable', undefined],
      ['post', '/users/nobody/reset-password', { password: RESET_PASSWORD }],
    ] as const) {
      const res = await admin[method](path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }

    expect(
      (await admin.put('/users/alice', { displayName: '', role: 'viewer' }))
        .body.error.message,
    ).toBe('Invalid user: displayName: must not be empty');
    expect(
      (await admin.post('/users/alice/reset-password', { password: 'alice' }))
        .body.error.message,
    ).toMatch(/^password: must be at least 12 characters long/);

    for (const [method, path, body] of [
      ['put', '/users/admin', { displayName: 'Admin', role: 'viewer' }],
      ['post', '/users/admin/disable', undefined],
      ['delete', '/users/admin', undefined],
    ] as const) {
      const res = await admin[method](path, body);
      expect([path, res.status, res.body.error.message]).toEqual([
        path,
        409,
        expect.stringContaining("'admin' is the last enabled admin"),
      ]);
    }
    // The refused mutations were audited as failures.
    expect(
      started.transcript.audit
        .filter(
          a => a.outcome === 'failed' && a.error?.includes('last enabled'),
        )
        .map(a => [a.eventId, a.meta]),
    ).toEqual([
      [
        'access-user-update',
        { target: 'user:default/admin', role: 'viewer', previousRole: 'admin' },
      ],
      ['access-user-disable', { target: 'user:default/admin' }],
      ['access-user-delete', { target: 'user:default/admin' }],
    ]);
  });

  it('lets a local user see their account and change their password, throttling wrong current passwords', async () => {
    await createAlice();
    const alice = started.api(ALICE);
    expect((await alice.get('/me')).body).toMatchObject({
      username: 'alice',
      mustChangePassword: true,
    });

    const wrong = await alice.post('/me/password', {
      currentPassword: 'wrong-password-123',
      newPassword: NEW_PASSWORD,
    });
    expectErrorAnswer(
      wrong,
      400,
      'currentPassword: is not the current password',
    );

    const weak = await alice.post('/me/password', {
      currentPassword: ALICE_PASSWORD,
      newPassword: 'alice-in-wonderland',
    });
    expectErrorAnswer(weak, 400, 'newPassword: must not contain the username');

    const same = await alice.post('/me/password', {
      currentPassword: ALICE_PASSWORD,
      newPassword: ALICE_PASSWORD,
    });
    expect(same.body.error.message).toBe(
      'newPassword: must differ from the current and previous password',
    );

    expect(
      (await alice.post('/me/password', { newPassword: NEW_PASSWORD })).body
        .error.message,
    ).toBe('Invalid request: currentPassword: is required');

    const changed = await alice.post('/me/password', {
      currentPassword: ALICE_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      username: 'alice',
      mustChangePassword: false,
    });
    expect(
      started.transcript.audit
        .filter(a => a.eventId === 'access-password-change')
        .map(a => a.outcome),
    ).toEqual([
      'initiated',
      'failed',
      'initiated',
      'failed',
      'initiated',
      'failed',
      'initiated',
      'succeeded',
    ]);

    for (let i = 0; i < 5; i++) {
      await alice.post('/me/password', {
        currentPassword: 'wrong-password-123',
        newPassword: RESET_PASSWORD,
      });
    }
    const throttled = await alice.post('/me/password', {
      currentPassword: NEW_PASSWORD,
      newPassword: RESET_PASSWORD,
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled.body.error.message).toMatch(
      /^Too many wrong passwords; try again in \d+ seconds$/,
    );
  });

  it('needs a local account for /me, and no admin permission', async () => {
    const guest = started.api(GUEST);
    expect((await guest.get('/me')).status).toBe(404);
    expect(
      (
        await guest.post('/me/password', {
          currentPassword: ALICE_PASSWORD,
          newPassword: NEW_PASSWORD,
        })
      ).status,
    ).toBe(404);
    const service = started.api(mockCredentials.service.header());
    expect((await service.get('/me')).status).toBe(403);
  });
});

describe('password change and sessions', () => {
  it('keeps the session the change is made from and ends the others', async () => {
    const knex = await databases.init('SQLITE_3');
    const started = await startAccessBackend({ knex });
    // The sign-in provider's view of the same accounts.
    const access = started.sessions;
    const admin = started.api(ADMIN);
    await admin.post('/users', {
      username: 'alice',
      role: 'viewer',
      password: ALICE_PASSWORD,
    });
    const alice = { username: 'alice' };
    const here = await access.createSession({ user: alice });
    const phone = await access.createSession({ user: alice });

    const res = await request(started.backend.server)
      .post('/api/access/me/password')
      .set('Authorization', ALICE)
      .set('Cookie', `other=1; ${SESSION_COOKIE}=${here.sessionId}`)
      .send({ currentPassword: ALICE_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(await access.findSession(here.sessionId)).toBeDefined();
    expect(await access.findSession(phone.sessionId)).toBeUndefined();

    // A role change, disabling and an admin reset each end every session.
    for (const [method, path, body] of [
      ['put', '/users/alice', { displayName: 'Alice', role: 'operator' }],
      ['post', '/users/alice/disable', undefined],
      ['post', '/users/alice/reset-password', { password: RESET_PASSWORD }],
    ] as const) {
      await admin.post('/users/alice/enable');
      const session = await access.createSession({ user: alice });
      expect((await admin[method](path, body)).status).toBe(200);
      expect([path, await access.findSession(session.sessionId)]).toEqual([
        path,
        undefined,
      ]);
    }
    expectNoSecrets(started.transcript);
    await started.backend.stop();
  });
});
