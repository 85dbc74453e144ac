import { clientTest } from '@opssight/plugin-api-react/testing';
import { makeUser } from '../testing/fakeAccessApi';
import { AccessClient } from './AccessClient';

const access = clientTest('access', AccessClient);
const { setup, json, baseUrl: BASE } = access;

const jane = makeUser({ username: 'jane' });

describe('AccessClient', () => {
  it('asks discovery for the access plugin and unwraps the list', async () => {
    const { client, requests, getBaseUrl } = setup(() =>
      json({ items: [jane] }),
    );
    await expect(client.listUsers()).resolves.toEqual([jane]);
    expect(getBaseUrl).toHaveBeenCalledWith('access');
    await access.expectSent(requests[0], 'GET', `${BASE}/users`);
  });

  access.itSends(
    [
      ['getUser', c => c.getUser('jane'), 'GET', '/users/jane'],
      [
        'createUser',
        c =>
          c.createUser({
            username: 'jane',
            role: 'operator',
            password: 'long enough pw',
          }),
        'POST',
        '/users',
        { username: 'jane', role: 'operator', password: 'long enough pw' },
      ],
      [
        'updateUser',
        c =>
          c.updateUser('jane', {
            displayName: 'Jane',
            email: null,
            role: 'admin',
          }),
        'PUT',
        '/users/jane',
        { displayName: 'Jane', email: null, role: 'admin' },
      ],
      [
        'disableUser',
        c => c.disableUser('jane'),
        'POST',
        '/users/jane/disable',
      ],
      ['enableUser', c => c.enableUser('jane'), 'POST', '/users/jane/enable'],
      [
        'resetPassword',
        c => c.resetPassword('jane', 'a new password'),
        'POST',
        '/users/jane/reset-password',
        { password: 'a new password' },
      ],
      ['getMe', c => c.getMe(), 'GET', '/me'],
      [
        'changeMyPassword',
        c => c.changeMyPassword('old password', 'new password!'),
        'POST',
        '/me/password',
        { currentPassword: 'old password', newPassword: 'new password!' },
      ],
    ],
    { answer: jane },
  );

  it('deletes, escaping the username in the path', async () => {
    const { client, requests } = setup(
      () => new Response(null, { status: 204 }),
    );
    await expect(client.deleteUser('a/b')).resolves.toBeUndefined();
    expect(requests[0].method).toBe('DELETE');
    expect(requests[0].url).toBe(`${BASE}/users/a%2Fb`);
  });

  access.itSurfacesServerErrors(
    client => client.resetPassword('jane', 'short'),
    [[400, 'InputError', 'password: must be at least 12 characters long']],
  );
});
