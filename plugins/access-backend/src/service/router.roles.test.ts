import { rolePermissions } from '@opssight/plugin-testing-node';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startAccessBackend } from '../__testUtils__/accessBackend';

jest.setTimeout(60_000);

const PASSWORD = 'velvet-harbour-42-quiet';

/** Every /users route, with a body that would succeed for an admin. */
const USER_ROUTES = [
  ['get', '/users', undefined],
  ['post', '/users', { username: 'bob', role: 'viewer', password: PASSWORD }],
  ['get', '/users/admin', undefined],
  ['put', '/users/admin', { displayName: 'Admin', role: 'admin' }],
  ['post', '/users/admin/disable', undefined],
  ['post', '/users/admin/enable', undefined],
  ['post', '/users/admin/reset-password', { password: PASSWORD }],
  ['delete', '/users/admin', undefined],
] as const;

describe('access router with roles', () => {
  it.each(['viewer', 'operator'] as const)(
    'as %s: 403 on every /users route, nothing changed, each denial audited',
    async role => {
      const { backend, transcript, api } = await startAccessBackend({
        features: [rolePermissions(role)],
      });
      const user = api(mockCredentials.user.header());
      for (const [method, path, body] of USER_ROUTES) {
        const res = await user[method](path, body);
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.body.error.message).toMatch(
          /^Your role does not allow 'opssight\.access\.user\.(read|create|update|delete)'$/,
        );
      }
      expect(
        transcript.audit.filter(
          e => e.eventId === 'permission-denied' && e.outcome === 'failed',
        ),
      ).toHaveLength(USER_ROUTES.length);
      expect(transcript.audit.some(e => e.eventId.startsWith('access-'))).toBe(
        false,
      );
      // Only the initial account's announcement: nothing changed.
      expect(transcript.events).toHaveLength(1);
      await backend.stop();
    },
  );

  it('lets a viewer change their own password: it needs no admin permission', async () => {
    const { backend, api } = await startAccessBackend({
      features: [rolePermissions('viewer')],
    });
    const res = await api(
      mockCredentials.user.header('user:default/admin'),
    ).post('/me/password', { currentPassword: 'admin', newPassword: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      username: 'admin',
      mustChangePassword: false,
    });
    await backend.stop();
  });

  it('lets an admin use every /users route, auditing each mutation', async () => {
    const { backend, transcript, api } = await startAccessBackend({
      features: [rolePermissions('admin')],
    });
    const admin = api(mockCredentials.user.header());
    // A second admin first, so the last-admin rule does not stop the admin routes.
    expect(
      (
        await admin.post('/users', {
          username: 'root',
          role: 'admin',
          password: PASSWORD,
        })
      ).status,
    ).toBe(201);
    const statuses = [];
    for (const [method, path, body] of USER_ROUTES) {
      const res = await admin[method](path, body);
      statuses.push([method, path, res.status]);
    }
    expect(statuses).toEqual([
      ['get', '/users', 200],
      ['post', '/users', 201],
      ['get', '/users/admin', 200],
      ['put', '/users/admin', 200],
      ['post', '/users/admin/disable', 200],
      ['post', '/users/admin/enable', 200],
      ['post', '/users/admin/reset-password', 200],
      ['delete', '/users/admin', 204],
    ]);
    expect(
      transcript.audit
        .filter(e => e.outcome === 'succeeded')
        .map(e => e.eventId),
    ).toEqual([
      'access-user-create',
      'access-user-create',
      'access-user-update',
      'access-user-disable',
      'access-user-enable',
      'access-user-reset-password',
      'access-user-delete',
    ]);
    await backend.stop();
  });
});
