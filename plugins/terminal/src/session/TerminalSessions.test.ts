import { ResponseError } from '@backstage/errors';
import {
  bearerSubprotocol,
  TERMINAL_SUBPROTOCOL,
} from '@opssight/plugin-terminal-common';
import {
  FakeScreen,
  fakeTerminalApi,
  readyMessage,
  socketFactory,
} from '../testing/fakes';
import { FLOW_CONTROL } from './TerminalConnection';
import { TerminalSessions } from './TerminalSessions';

const machine = { id: 'm1', hostname: 'web-1', ip: '10.0.0.1' };
const NOW = 1_000_000;

async function httpError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}

function setup(api = fakeTerminalApi()) {
  const sockets = socketFactory();
  const identityApi = {
    getCredentials: jest.fn(async () => ({ token: 'tok' })),
  };
  const store = new TerminalSessions({
    terminalApi: api,
    identityApi,
    createSocket: sockets.create,
    now: () => NOW,
  });
  return { store, api, sockets, identityApi };
}

/** Lets the session's awaits (POST, URL, token) run. */
const settle = () => new Promise(resolve => setTimeout(resolve, 0));

/** A store with one session on a screen, its socket open but not ready yet. */
async function opening() {
  const env = setup();
  const session = env.store.open({ machine });
  const screen = new FakeScreen();
  session.attach(screen);
  await settle();
  return { ...env, session, screen, socket: env.sockets.last() };
}

/** A store with one connected session whose screen is `screen`. */
async function connected(screen = new FakeScreen()) {
  const env = setup();
  const session = env.store.open({ machine, credentialId: 'c1' });
  session.attach(screen);
  await settle();
  const socket = env.sockets.last();
  socket.message(readyMessage());
  return { ...env, session, socket, screen };
}

describe('TerminalSessions', () => {
  it('opens a session, then its WebSocket with the token in a subprotocol', async () => {
    const { store, api, sockets } = setup();
    const session = store.open({ machine, credentialId: 'c1' });
    const screen = new FakeScreen();
    session.attach(screen);
    expect(session.snapshot.state).toBe('opening');
    await settle();

    expect(api.openSession).toHaveBeenCalledWith({
      machineId: 'm1',
      credentialId: 'c1',
      cols: screen.cols,
      rows: screen.rows,
    });
    expect(api.streamUrl).toHaveBeenCalledWith(
      '/api/terminal/sessions/s1/stream',
    );
    const socket = sockets.last();
    expect(socket.url).toBe(
      'ws://localhost:7007/api/terminal/sessions/s1/stream',
    );
    expect(socket.protocols).toEqual([
      TERMINAL_SUBPROTOCOL,
      bearerSubprotocol('tok'),
    ]);
    expect(socket.binaryType).toBe('arraybuffer');
    expect(session.snapshot).toMatchObject({
      state: 'connecting',
      sessionId: 's1',
    });

    socket.message(readyMessage());
    expect(session.snapshot).toMatchObject({
      state: 'connected',
      username: 'deploy',
      fingerprint: 'SHA256:pinned',
      endsAt: NOW + 43_200_000,
    });
    expect(store.getSnapshot().sessions[0].state).toBe('connected');
  });

  it('leaves the credential to the machine when none is picked', async () => {
    const { store, api } = setup();
    store.open({ machine });
    await settle();
    expect(api.openSession.mock.calls[0][0]).not.toHaveProperty('credentialId');
  });

  it('writes output bytes to the screen, also those that came before the screen', async () => {
    const { store, sockets } = setup();
    const session = store.open({ machine });
    await settle();
    const socket = sockets.last();
    socket.message(readyMessage());
    socket.output('early ');

    const screen = new FakeScreen();
    session.attach(screen);
    socket.output(new Uint8Array([0x68, 0xc3, 0xa9, 0x0d, 0x0a])); // "hé\r\n"

    expect(screen.written.every(chunk => chunk instanceof Uint8Array)).toBe(
      true,
    );
    expect(screen.text()).toBe('early hé\r\n');
  });

  it('sends keystrokes as binary frames, only while connected', async () => {
    const { screen, socket } = await opening();
    screen.data.emit('too early');
    expect(socket.sent).toEqual([]);

    socket.message(readyMessage({ machine: { ...machine } }));
    screen.data.emit('ls -lé\r');
    screen.binary.emit('\x1b[<0;1;1M');
    expect(socket.sent.every(frame => frame instanceof Uint8Array)).toBe(true);
    expect(socket.input()).toBe('ls -lé\r\x1b[<0;1;1M');
  });

  it('sends the new size when the screen is resized, and a size changed while opening once ready', async () => {
    const { screen, socket } = await opening();
    screen.cols = 100;
    screen.rows = 30;
    socket.message(readyMessage());
    expect(socket.controls()).toEqual([
      { type: 'resize', cols: 100, rows: 30 },
    ]);

    screen.resize.emit({ cols: 90, rows: 20 });
    expect(socket.controls()).toEqual([
      { type: 'resize', cols: 100, rows: 30 },
      { type: 'resize', cols: 90, rows: 20 },
    ]);
  });

  it('asks the server to pause above the high watermark and to resume below the low one', async () => {
    const { socket, screen } = await connected(
      new FakeScreen({ autoRender: false }),
    );
    const chunk = new Uint8Array(64 * 1024);
    const chunks = FLOW_CONTROL.highWatermark / chunk.length;

    for (let i = 0; i < chunks; i++) socket.output(chunk);
    // Exactly at the watermark: not above it yet.
    expect(socket.controls()).toEqual([]);
    socket.output(chunk);
    socket.output(chunk);
    expect(socket.controls()).toEqual([{ type: 'pause' }]);

    // Drawing most of it is not enough…
    const unrendered = chunks + 2;
    const keep = FLOW_CONTROL.lowWatermark / chunk.length + 1;
    screen.render(unrendered - keep);
    expect(socket.controls()).toEqual([{ type: 'pause' }]);
    // …until what is left is at the low watermark.
    screen.render(1);
    expect(socket.controls()).toEqual([{ type: 'pause' }, { type: 'resume' }]);
    screen.render();
    expect(socket.controls()).toHaveLength(2);
  });

  it('shows an idle warning until the next keystroke', async () => {
    const { session, socket, screen } = await connected();
    socket.message({ type: 'idle-warning', closesInMs: 30_000 });
    expect(session.snapshot.idleClosesAt).toBe(NOW + 30_000);
    screen.data.emit('x');
    expect(session.snapshot.idleClosesAt).toBeUndefined();
  });

  it('fails with the host key message and points to a connection test', async () => {
    const { session, socket } = await connected();
    socket.message({
      type: 'error',
      kind: 'hostkey',
      message: 'The host key changed: SHA256:new is not the pinned SHA256:old',
    });
    socket.drop(4001);
    expect(session.snapshot.state).toBe('failed');
    expect(session.snapshot.problem).toMatchObject({
      title: 'The host key changed',
      message: 'The host key changed: SHA256:new is not the pinned SHA256:old',
      suggestConnectionTest: true,
    });
  });

  it('ends when the shell exits, and says so', async () => {
    const { session, socket } = await connected();
    socket.message({
      type: 'closed',
      reason: 'exit',
      message: 'logout',
      exitCode: 0,
    });
    socket.drop(1000);
    expect(session.snapshot.state).toBe('ended');
    expect(session.snapshot.problem).toMatchObject({
      severity: 'info',
      title: 'The shell exited',
      message: 'logout',
    });
  });

  it('keeps the portal session alive while keys are typed, one request a minute at most', async () => {
    let now = NOW;
    const api = fakeTerminalApi();
    const sockets = socketFactory();
    const store = new TerminalSessions({
      terminalApi: api,
      identityApi: { getCredentials: async () => ({ token: 'tok' }) },
      createSocket: sockets.create,
      now: () => now,
    });
    const screen = new FakeScreen();
    store.open({ machine, credentialId: 'c1' }).attach(screen);
    await settle();
    sockets.last().message(readyMessage());
    const settings = api.getSettings as jest.Mock;
    settings.mockClear();

    screen.data.emit('l');
    screen.data.emit('s');
    expect(settings).toHaveBeenCalledTimes(1);
    now += 59_000;
    screen.data.emit('\r');
    expect(settings).toHaveBeenCalledTimes(1);
    now += 1_000;
    screen.data.emit('x');
    expect(settings).toHaveBeenCalledTimes(2);
  });

  it('says the portal session ended, with the server message or from the close code alone', async () => {
    const first = await connected();
    first.socket.message({
      type: 'closed',
      reason: 'session-ended',
      message: 'Your session ended; sign in again',
    });
    first.socket.drop(4004);
    expect(first.session.snapshot.state).toBe('ended');
    expect(first.session.snapshot.problem).toMatchObject({
      severity: 'warning',
      title: 'Signed out',
      message: 'Your session ended; sign in again',
    });

    const second = await connected();
    second.socket.drop(4004);
    expect(second.session.snapshot.state).toBe('ended');
    expect(second.session.snapshot.problem).toMatchObject({
      title: 'Signed out',
      message: 'Your session ended; sign in again',
    });
  });

  it('reports a dropped connection when the socket closes without a word', async () => {
    const { session, socket } = await connected();
    socket.message({ type: 'idle-warning', closesInMs: 5000 });
    socket.drop(1006);
    expect(session.snapshot.state).toBe('failed');
    expect(session.snapshot.idleClosesAt).toBeUndefined();
    expect(session.snapshot.problem?.title).toBe('The connection was lost');
    expect(session.snapshot.problem?.message).toContain('1006');
  });

  it.each([
    [
      409,
      'web-1 has no pinned host key: run a connection test first',
      'Run a connection test first',
      true,
    ],
    [429, 'You have 5 terminals open', 'Too many terminals open', undefined],
    [403, 'You may not use this credential', 'Not allowed', undefined],
  ])(
    'shows a %i from opening in the tab',
    async (status, message, title, suggest) => {
      const api = fakeTerminalApi({
        openSession: jest.fn(async () => {
          throw await httpError(status, message);
        }),
      });
      const { store, sockets } = setup(api);
      const session = store.open({ machine });
      await settle();
      expect(sockets.sockets).toHaveLength(0);
      expect(session.snapshot.state).toBe('failed');
      expect(session.snapshot.problem).toMatchObject({ title, message });
      expect(session.snapshot.problem?.suggestConnectionTest).toBe(suggest);
    },
  );

  it('reconnects in the same tab with a new session', async () => {
    const { store, session, socket, screen, api, sockets } = await connected();
    socket.drop(1006);
    store.reconnect(session.snapshot.key);
    expect(session.snapshot).toMatchObject({ state: 'opening', attempts: 2 });
    expect(session.snapshot.problem).toBeUndefined();
    await settle();
    expect(api.openSession).toHaveBeenCalledTimes(2);
    const second = sockets.last();
    expect(second).not.toBe(socket);
    second.message(readyMessage({ sessionId: 's2' }));
    expect(session.snapshot).toMatchObject({
      state: 'connected',
      sessionId: 's2',
    });
    expect(screen.text()).toContain('reconnecting to web-1');
    // The old socket no longer speaks for the tab.
    socket.message({ type: 'closed', reason: 'error', message: 'late' });
    expect(session.snapshot.state).toBe('connected');
  });

  it('keeps tabs in order, brings new ones to the front, and closes them for good', async () => {
    const { store, session: first, socket, screen } = await connected();
    const second = store.open({
      machine: { ...machine, id: 'm2', hostname: 'db-1' },
    });
    const third = store.open({
      machine: { ...machine, id: 'm3', hostname: 'db-2' },
    });
    expect(store.getSnapshot().selectedKey).toBe(third.snapshot.key);
    expect(store.getSnapshot().sessions.map(s => s.machine.hostname)).toEqual([
      'web-1',
      'db-1',
      'db-2',
    ]);

    store.select(second.snapshot.key);
    store.close(second.snapshot.key);
    // The neighbour on the right comes to the front.
    expect(store.getSnapshot().selectedKey).toBe(third.snapshot.key);
    store.close(third.snapshot.key);
    expect(store.getSnapshot().selectedKey).toBe(first.snapshot.key);

    store.close(first.snapshot.key);
    expect(socket.closedWith?.code).toBe(1000);
    expect(screen.disposed).toBe(true);
    expect(store.getSnapshot()).toEqual({
      sessions: [],
      selectedKey: undefined,
    });
  });

  it('gives useSyncExternalStore the same snapshot until something changes', async () => {
    const { store } = setup();
    const listener = jest.fn();
    store.subscribe(listener);
    const before = store.getSnapshot();
    expect(store.getSnapshot()).toBe(before);
    store.open({ machine });
    expect(listener).toHaveBeenCalled();
    expect(store.getSnapshot()).not.toBe(before);
  });
});
