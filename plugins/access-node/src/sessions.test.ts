import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  AccessSessionsService,
  accessSessionsServiceRef,
  sessionHandleOfToken,
} from './sessions';

const token = (claims: object) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('accessSessionsServiceRef', () => {
  it('refuses to guess when the access plugin is missing', async () => {
    let sessions: AccessSessionsService | undefined;
    const backend = await startTestBackend({
      features: [
        createBackendPlugin({
          pluginId: 'terminal',
          register(env) {
            env.registerInit({
              deps: { accessSessions: accessSessionsServiceRef },
              async init({ accessSessions }) {
                sessions = accessSessions;
              },
            });
          },
        }),
      ],
    });
    try {
      await expect(sessions!.isSessionLive('x')).rejects.toThrow(
        'access plugin is not installed',
      );
      await expect(
        sessions!.signIn({ username: 'admin', password: 'admin' }),
      ).rejects.toThrow('access plugin is not installed');
    } finally {
      await backend.stop();
    }
  });

  it('reads the session handle of a token', () => {
    expect(sessionHandleOfToken(token({ opssight_sid: 'h' }))).toBe('h');
    expect(sessionHandleOfToken(token({ sub: 'x' }))).toBeUndefined();
    expect(sessionHandleOfToken('not a token')).toBeUndefined();
    expect(sessionHandleOfToken(undefined)).toBeUndefined();
  });
});
