import { DefaultAccessSessionsService, sessionHandleOfToken } from './sessions';

const token = (claims: object) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('DefaultAccessSessionsService', () => {
  it('calls each listener of an ended session once, and only for its session', async () => {
    const sessions = new DefaultAccessSessionsService();
    const heard: string[] = [];
    sessions.onSessionEnded('a', reason => heard.push(`a:${reason}`));
    const unsubscribe = sessions.onSessionEnded('b', reason =>
      heard.push(`b:${reason}`),
    );
    unsubscribe();
    sessions.announceSessionsEnded({
      userEntityRef: 'user:default/alice',
      sessionHandle: 'a',
      reason: 'signed-out',
    });
    sessions.announceSessionsEnded({
      userEntityRef: 'user:default/alice',
      sessionHandle: 'a',
      reason: 'signed-out',
    });
    sessions.announceSessionsEnded({
      userEntityRef: 'user:default/alice',
      sessionHandle: 'b',
      reason: 'signed-out',
    });
    expect(heard).toEqual(['a:signed-out']);
  });

  it('re-checks every watched session when all of a user’s sessions end', async () => {
    const sessions = new DefaultAccessSessionsService();
    const live = new Set(['kept']);
    sessions.setSessionSource(async handle => live.has(handle));
    const heard: string[] = [];
    sessions.onSessionEnded('kept', r => heard.push(`kept:${r}`));
    sessions.onSessionEnded('gone', r => heard.push(`gone:${r}`));
    sessions.announceSessionsEnded({
      userEntityRef: 'user:default/alice',
      reason: 'disabled',
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(heard).toEqual(['gone:disabled']);
  });

  it('refuses to guess when the access plugin is missing', async () => {
    await expect(
      new DefaultAccessSessionsService().isSessionLive('x'),
    ).rejects.toThrow('access plugin is not installed');
  });

  it('reads the session handle of a token', () => {
    expect(sessionHandleOfToken(token({ opssight_sid: 'h' }))).toBe('h');
    expect(sessionHandleOfToken(token({ sub: 'x' }))).toBeUndefined();
    expect(sessionHandleOfToken('not a token')).toBeUndefined();
    expect(sessionHandleOfToken(undefined)).toBeUndefined();
  });
});
