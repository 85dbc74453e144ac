import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  AccessSessionsService,
  accessSessionsServiceRef,
  SessionEndReason,
} from '@opssight/plugin-access-node';
import { startAccessBackend } from './__testUtils__/accessBackend';
import { accessPlugin } from './plugin';
import { accessSessionsServiceFactory } from './services';

jest.setTimeout(60_000);

/** A plugin that only takes the shared sessions service, as the terminal does. */
function sessionsUser(got: (sessions: AccessSessionsService) => void) {
  return createBackendPlugin({
    pluginId: 'sessions-user',
    register(env) {
      env.registerInit({
        deps: { sessions: accessSessionsServiceRef },
        async init({ sessions }) {
          got(sessions);
        },
      });
    },
  });
}

describe('accessSessionsServiceFactory', () => {
  it('signs in, finds, ends and announces sessions of the access plugin', async () => {
    let shared: AccessSessionsService | undefined;
    const { backend } = await startAccessBackend({
      features: [sessionsUser(s => (shared = s))],
    });
    try {
      const sessions = shared!;
      expect(await sessions.auditableUsername('ADMIN ')).toBe('admin');
      expect(await sessions.auditableUsername('my password')).toMatch(
        /^unknown:[0-9a-f]{8}$/,
      );
      expect(
        await sessions.signIn({ username: 'admin', password: 'wrong' }),
      ).toEqual({ error: 'invalid' });
      const signedIn = await sessions.signIn({
        username: 'admin',
        password: 'admin',
        clientAddress: '10.0.0.1',
      });
      const started = signedIn.ok!.session;
      expect(signedIn.ok!.user).toMatchObject({
        username: 'admin',
        mustChangePassword: true,
      });
      expect(await sessions.findSession(started.sessionId)).toMatchObject({
        handle: started.handle,
        user: { username: 'admin' },
      });
      expect(await sessions.isSessionLive(started.handle)).toBe(true);

      const heard: SessionEndReason[] = [];
      sessions.onSessionEnded(started.handle, reason => heard.push(reason));
      expect(await sessions.endSession(started.sessionId)).toBe(true);
      expect(heard).toEqual(['signed-out']);
      expect(await sessions.isSessionLive(started.handle)).toBe(false);
      expect(
        await sessions.findSessionByHandle(started.handle),
      ).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });

  it('refuses, rather than guess, once the backend has started without the access plugin', async () => {
    let shared: AccessSessionsService | undefined;
    const backend = await startTestBackend({
      features: [accessSessionsServiceFactory, sessionsUser(s => (shared = s))],
    });
    try {
      await expect(shared!.isSessionLive('0'.repeat(64))).rejects.toThrow(
        'the access plugin is not installed',
      );
    } finally {
      await backend.stop();
    }
  });

  it('keeps the access plugin from starting without it', async () => {
    await expect(
      startTestBackend({ features: [accessPlugin] }),
    ).rejects.toThrow(
      'add accessSessionsServiceFactory from @opssight/plugin-access-backend to the backend',
    );
  });
});
