import { SessionEndListeners } from './SessionEndListeners';

describe('SessionEndListeners', () => {
  it('calls each listener of an ended session once, and only for its session', async () => {
    const sessions = new SessionEndListeners(async () => false);
    const heard: string[] = [];
    sessions.listen('a', reason => heard.push(`a:${reason}`));
    const unsubscribe = sessions.listen('b', reason =>
      heard.push(`b:${reason}`),
    );
    unsubscribe();
    sessions.announce({
      userEntityRef: 'user:default/alice',
      sessionHandle: 'a',
      reason: 'signed-out',
    });
    sessions.announce({
      userEntityRef: 'user:default/alice',
      sessionHandle: 'a',
      reason: 'signed-out',
    });
    sessions.announce({
      userEntityRef: 'user:default/alice',
      sessionHandle: 'b',
      reason: 'signed-out',
    });
    expect(heard).toEqual(['a:signed-out']);
  });

  it('re-checks every watched session when all of a user’s sessions end', async () => {
    const live = new Set(['kept']);
    const sessions = new SessionEndListeners(async handle => live.has(handle));
    const heard: string[] = [];
    sessions.listen('kept', r => heard.push(`kept:${r}`));
    sessions.listen('gone', r => heard.push(`gone:${r}`));
    sessions.announce({
      userEntityRef: 'user:default/alice',
      reason: 'disabled',
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(heard).toEqual(['gone:disabled']);
  });
});
