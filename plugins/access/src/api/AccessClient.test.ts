import { ResponseError } from '@backstage/errors';
import { errorMessage } from '@opssight/plugin-api-react';
import { makeUser } from '../testing/fakeAccessApi';
import { AccessClient } from './AccessClient';
import {
  fakeBackend,
  jsonResponse as json,
} from '@opssight/plugin-api-react/testing';

const BASE = 'http://localhost:7007/api/access';

function setup(reply: (req: Request) => Response | Promise<Response>) {
  const backend = fakeBackend(BASE, reply);
  return { client: new AccessClient(backend), ...backend };
}

const jane = makeUser({ username: 'jane' });

describe('AccessClient', () => {
  it('asks discovery for the access plugin and unwraps the list', async () => {
    const { client, requests, getBaseUrl } = setup(() =>
      json({ items: [jane] }),
    );
    await expect(client.listUsers()).resolves.toEqual([jane]);
    expect(getBaseUrl).toHaveBeenCalledWith('access');
    expect(requests[0].method).toBe('GET');
    expect(requests[0].url).toBe(`${BASE}/users`);
  });

  it.each([
    ['getUser', () => ['jane'], 'GET', '/users/jane', undefined],
    [
      'createUser',
      () => [
        {
          username: 'jane',
          role: 'operator',
          password: 'long enough pw',
        },
      ],
      'POST',
      '/users',
      { username: 'jane', role: 'operator', password: 'long enough pw' },
    ],
    [
      'updateUser',
      () => ['jane', { displayName: 'Jane', email: null, role: 'admin' }],
      'PUT',
      '/users/jane',
      { displayName: 'Jane', email: null, role: 'admin' },
    ],
    ['disableUser', () => ['jane'], 'POST', '/users/jane/disable', undefined],
    ['enableUser', () => ['jane'], 'POST', '/users/jane/enable', undefined],
    [
      'resetPassword',
      () => ['jane', 'a new password'],
      'POST',
      '/users/jane/reset-password',
      { password: 'a new password' },
    ],
    ['getMe', () => [], 'GET', '/me', undefined],
    [
      'changeMyPassword',
      () => ['old password', 'new password!'],
      'POST',
      '/me/password',
      { currentPassword: 'old password', newPassword: 'new password!' },
    ],
  ] as const)(
    '%s sends %s %s',
    async (method, args, httpMethod, path, body) => {
      const { client, requests } = setup(() => json(jane));
      await expect(
        (client as any)[method](...(args() as unknown[])),
      ).resolves.toEqual(jane);
      expect(requests[0].method).toBe(httpMethod);
      expect(requests[0].url).toBe(`${BASE}${path}`);
      const sent = await requests[0].text();
      expect(sent ? JSON.parse(sent) : undefined).toEqual(body);
      expect(requests[0].headers.get('content-type')).toBe(
        body ? 'application/json' : null,
      );
    },
  );

  it('deletes, escaping the username in the path', async () => {
    const { client, requests } = setup(
      () => new Response(null, { status: 204 }),
    );
    await expect(client.deleteUser('a/b')).resolves.toBeUndefined();
    expect(requests[0].method).toBe('DELETE');
    expect(requests[0].url).toBe(`${BASE}/users/a%2Fb`);
  });

  it("surfaces the server's message and status", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'InputError',
            message: 'password: must be at least 12 characters long',
          },
        },
        400,
      ),
    );
    const error = await client.resetPassword('jane', 'short').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(errorMessage(error)).toBe(
      'password: must be at least 12 characters long',
    );
  });
});
