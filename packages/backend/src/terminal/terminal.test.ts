import { mockCredentials } from '@backstage/backend-test-utils';
import { Machine } from '@opssight/plugin-machines-common';
import {
  bearerSubprotocol,
  ServerMessage,
  TERMINAL_SUBPROTOCOL,
} from '@opssight/plugin-terminal-common';
import {
  auditEvents,
  expectErrorAnswer,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import { randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import WebSocket from 'ws';
import terminalPlugin from '@opssight/plugin-terminal-backend';
import {
  ADA,
  ALICE,
  BOB,
  startWithRegistry,
  VIC,
} from '../__testUtils__/registryBackend';

jest.setTimeout(30_000);

const APP_ORIGIN = 'http://localhost:3000';

const as = (user: string) => mockCredentials.user.header(user);

/** A terminal client as the browser is one: a WebSocket with the token in a subprotocol. */
class Client {
  readonly output: Buffer[] = [];
  readonly messages: ServerMessage[] = [];
  outputBytes = 0;
  /** Binary frames received. */
  outputFrames = 0;
  /** The last few kilobytes of output, kept even when `keepOutput` is off. */
  tail = '';
  /** Off for huge transfers: the test's own memory would hide the backend's. */
  keepOutput = true;
  closed: { code: number; reason: string } | undefined;
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        if (this.keepOutput) this.output.push(data);
        this.outputBytes += data.length;
        this.outputFrames++;
        this.tail = (this.tail + data.toString('latin1')).slice(-4096);
      } else {
        this.messages.push(JSON.parse(data.toString('utf8')));
      }
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  text(): string {
    return Buffer.concat(this.output).toString('utf8');
  }

  type(keys: string) {
    this.ws.send(Buffer.from(keys, 'utf8'), { binary: true });
  }

  control(message: object) {
    this.ws.send(JSON.stringify(message));
  }

  message<T extends ServerMessage['type']>(type: T) {
    return this.messages.find(m => m.type === type) as
      | Extract<ServerMessage, { type: T }>
      | undefined;
  }

  async until(what: string, condition: () => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; ${
            this.outputBytes
          } bytes of output, ending ${JSON.stringify(
            this.tail.slice(-500),
          )}; messages: ${JSON.stringify(this.messages)}`,
        );
      }
      await new Promise<void>(resolve => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  untilOutput(text: string) {
    return this.until(`output ${JSON.stringify(text)}`, () =>
      this.text().includes(text),
    );
  }

  untilClosed(timeoutMs?: number) {
    return this.until('the socket to close', () => !!this.closed, timeoutMs);
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(w => w());
  }
}

/** Parses an asciicast v2 file into its header and events. */
function parseCast(text: string) {
  const [header, ...events] = text.trimEnd().split('\n');
  return {
    header: JSON.parse(header),
    events: events.map(line => JSON.parse(line) as [number, string, string]),
  };
}

describe('terminal sessions through the WebSocket proxy', () => {
  let sshd: TestSshd;
  let t: Awaited<ReturnType<typeof startWithRegistry>>;
  let server: Server;
  let logs: typeof t.logs;
  let call: typeof t.call;

  beforeAll(async () => {
    sshd = await startSshd();
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  afterEach(async () => {
    await t?.backend.stop();
  });

  async function start(terminal: object = {}) {
    t = await startWithRegistry({
      features: [terminalPlugin],
      config: { app: { baseUrl: APP_ORIGIN }, terminal },
    });
    ({ logs, call } = t);
    server = t.server as unknown as Server;
  }

  /** A machine for the sshd with a shared key as its default credential and its host key pinned. */
  async function labMachine(
    target: TestSshd = sshd,
    owner = ALICE,
  ): Promise<Machine> {
    // A machine's default credential is a shared one (an admin's), which Alice may use.
    const key = await t.credential(ADA, {
      kind: 'ssh-key',
      scope: 'shared',
      name: `lab-${randomUUID().slice(0, 8)}`,
      username: target.username,
      privateKey: target.clientPrivateKey,
    });
    const created = await t.machine({
      ip: target.host,
      hostname: `lab-${target.port}`,
      sshPort: target.port,
      defaultCredentialId: key,
    });
    await t.pin([created.id], { user: owner });
    const machine = await call(
      'get',
      `/api/machines/machines/${created.id}`,
      owner,
    );
    expect(machine.body.hostKeyFingerprint).toBe(target.hostKeyFingerprint);
    return machine.body;
  }

  function wsUrl(path: string) {
    const { port } = server.address() as AddressInfo;
    return `ws://127.0.0.1:${port}${path}`;
  }

  /** Opens a WebSocket; resolves to the client, or to the HTTP status it was refused with. */
  function connect(
    path: string,
    user: string,
    options: { origin?: string | null; protocols?: string[] } = {},
  ): Promise<Client | { refused: number; body: string }> {
    const token = mockCredentials.user.token(user);
    const ws = new WebSocket(
      wsUrl(path),
      options.protocols ?? [TERMINAL_SUBPROTOCOL, bearerSubprotocol(token)],
      options.origin === null ? {} : { origin: options.origin ?? APP_ORIGIN },
    );
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ refused: res.statusCode ?? 0, body }));
      });
      ws.once('error', reject);
    });
  }

  async function open(
    user: string,
    machine: Machine,
    extra: object = {},
  ): Promise<Client> {
    const res = await call('post', '/api/terminal/sessions', user, {
      machineId: machine.id,
      cols: 100,
      rows: 30,
      ...extra,
    });
    expect(res.status).toBe(201);
    expect(res.body.streamPath).toBe(
      `/api/terminal/sessions/${res.body.sessionId}/stream`,
    );
    const client = await connect(res.body.streamPath, user);
    if (!(client instanceof Client)) {
      throw new Error(`refused: ${client.refused} ${client.body}`);
    }
    try {
      await client.until(
        'ready',
        () => !!client.message('ready') || !!client.closed,
      );
    } catch (error) {
      // What the backend said is the quickest way to why.
      throw new Error(
        `${(error as Error).message}\nbackend log:\n${logs.lines
          .slice(-15)
          .join('\n')}`,
      );
    }
    return client;
  }

  it('runs a command, exits, and records exactly the bytes it sent, with audit events linking to the recording', async () => {
    await start();
    const machine = await labMachine();
    const client = await open(ALICE, machine);
    const ready = client.message('ready')!;
    expect(ready).toMatchObject({
      machine: { id: machine.id, ip: sshd.host },
      username: sshd.username,
      fingerprint: sshd.hostKeyFingerprint,
    });

    client.type('echo "hello-$((6*7))" é✓\r');
    await client.untilOutput('hello-42 é✓');
    client.type('exit 3\r');
    await client.untilClosed();
    expect(client.message('closed')).toMatchObject({
      reason: 'exit',
      exitCode: 3,
    });
    expect(client.closed!.code).toBe(1000);

    const recording = await call(
      'get',
      `/api/terminal/recordings/${ready.sessionId}`,
      ALICE,
    );
    expect(recording.status).toBe(200);
    expect(recording.body).toMatchObject({
      userRef: ALICE,
      machineId: machine.id,
      machineIp: sshd.host,
      endReason: 'exit',
      bytesOut: client.outputBytes,
      hasInput: false,
    });

    const cast = await call(
      'get',
      `/api/terminal/recordings/${ready.sessionId}/cast`,
      ALICE,
    );
    expect(cast.status).toBe(200);
    expect(cast.headers['content-type']).toContain('application/x-asciicast');
    expect(cast.headers['content-disposition']).toMatch(
      /attachment; filename=".+\.cast"/,
    );
    const { header, events } = parseCast(cast.text);
    expect(header).toMatchObject({ version: 2, width: 100, height: 30 });
    const played = events
      .filter(e => e[1] === 'o')
      .map(e => e[2])
      .join('');
    expect(played).toBe(client.text());
    // Keystrokes are not recorded unless configured.
    expect(events.some(e => e[1] === 'i')).toBe(false);
    const times = events.map(e => e[0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const audit = auditEvents(logs).filter(
      e => e.eventId === 'terminal-session',
    );
    expect(audit.map(e => e.status)).toEqual(['initiated', 'succeeded']);
    expect(audit[0].actorId).toBe(ALICE);
    expect(audit[0].meta).toMatchObject({
      sessionId: ready.sessionId,
      recording: `/terminal/recordings/${ready.sessionId}`,
    });
    expect(audit[1].meta).toMatchObject({ endReason: 'exit', exitCode: 3 });
  });

  it('follows a resize (stty size) and records it as an "r" event; records keystrokes only when configured', async () => {
    await start({ recording: { input: true } });
    const machine = await labMachine();
    const client = await open(ALICE, machine);
    client.type('stty size\r');
    await client.untilOutput('30 100');
    client.control({ type: 'resize', cols: 132, rows: 43 });
    client.type('stty size\r');
    await client.untilOutput('43 132');
    client.type('exit\r');
    await client.untilClosed();

    const id = client.message('ready')!.sessionId;
    const { events } = parseCast(
      (await call('get', `/api/terminal/recordings/${id}/cast`, ALICE)).text,
    );
    expect(events.filter(e => e[1] === 'r').map(e => e[2])).toEqual(['132x43']);
    expect(
      events
        .filter(e => e[1] === 'i')
        .map(e => e[2])
        .join(''),
    ).toBe('stty size\rstty size\rexit\r');
  });

  it('warns, then closes a session after the idle timeout', async () => {
    await start({ idleTimeout: { seconds: 3 }, idleWarning: { seconds: 1 } });
    const machine = await labMachine();
    const client = await open(ALICE, machine);
    const openedAt = Date.now();
    await client.untilClosed(15_000);
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(2_500);
    expect(client.message('idle-warning')).toEqual({
      type: 'idle-warning',
      closesInMs: 1000,
    });
    expect(client.message('closed')).toMatchObject({ reason: 'idle' });
    expect(client.closed!.code).toBe(4002);
    const id = client.message('ready')!.sessionId;
    const recording = await call(
      'get',
      `/api/terminal/recordings/${id}`,
      ALICE,
    );
    expect(recording.body.endReason).toBe('idle');
  });

  it('refuses a WebSocket from another origin, without an origin, without a token, or with a used ticket', async () => {
    await start();
    const machine = await labMachine();
    const ticket = async () =>
      (
        await call('post', '/api/terminal/sessions', ALICE, {
          machineId: machine.id,
        })
      ).body.streamPath as string;

    const path = await ticket();
    expect(
      await connect(path, ALICE, { origin: 'https://evil.example' }),
    ).toMatchObject({
      refused: 403,
      body: expect.stringContaining(
        'Origin https://evil.example may not open terminals',
      ),
    });
    expect(await connect(path, ALICE, { origin: null })).toMatchObject({
      refused: 403,
    });
    expect(
      await connect(path, ALICE, { protocols: [TERMINAL_SUBPROTOCOL] }),
    ).toMatchObject({ refused: 401 });
    // Bob cannot take Alice's ticket.
    expect(await connect(path, BOB)).toMatchObject({ refused: 409 });

    // The refusals did not use the ticket up; a used one is gone.
    const client = await connect(path, ALICE);
    expect(client).toBeInstanceOf(Client);
    expect(await connect(path, ALICE)).toMatchObject({ refused: 404 });
    (client as Client).ws.close();
    expect(
      await connect(`/api/terminal/sessions/${randomUUID()}/stream`, ALICE),
    ).toMatchObject({ refused: 404 });
  });

  it('reaches registered machines only: no host or port in a request, unknown machines refused', async () => {
    await start();
    const machine = await labMachine();
    const withHost = await call('post', '/api/terminal/sessions', ALICE, {
      machineId: machine.id,
      host: '10.9.9.9',
      port: 22,
    });
    expect(withHost.status).toBe(400);
    expect(withHost.body.error.message).toMatch(/host/);
    expect(withHost.body.error.message).toMatch(/port/);

    const unknown = await call('post', '/api/terminal/sessions', ALICE, {
      machineId: randomUUID(),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /^machineId: no registered machine/,
    );

    const missing = await call('post', '/api/terminal/sessions', ALICE, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/machineId/);

    // A machine whose key was never pinned cannot be reached either.
    const unpinned = await call('post', '/api/machines/machines', ALICE, {
      ip: '127.0.0.2',
      hostname: 'unpinned',
      sshPort: sshd.port,
    });
    const refused = await call('post', '/api/terminal/sessions', ALICE, {
      machineId: unpinned.body.id,
      credentialId: machine.defaultCredentialId,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /no pinned host key yet; run a connection test first/,
    );
  });

  it('checks ids and bodies before asking the registry or the vault: 400 naming the field, never the body', async () => {
    await start();
    const machine = await labMachine();
    const cases: Array<[object, RegExp]> = [
      [
        { machineId: '.' },
        /^Invalid session: machineId: must be a machine id$/,
      ],
      [{ machineId: '..' }, /machineId: must be a machine id/],
      [{ machineId: 'ab\uD800cd' }, /machineId: /],
      [{ machineId: machine.id, credentialId: 'x\uDC00' }, /credentialId: /],
      [
        { machineId: machine.id, credentialId: '../credentials' },
        /^Invalid session: credentialId: must be a credential id$/,
      ],
      [{}, /^Invalid session: machineId: is required$/],
    ];
    for (const [body, message] of cases) {
      const res = await request(server)
        .post('/api/terminal/sessions')
        .set('Authorization', as(ALICE))
        .set('Content-Type', 'application/json')
        // A lone surrogate survives JSON only as an escape.
        .send(JSON.stringify(body));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }

    const malformed = await request(server)
      .post('/api/terminal/sessions')
      .set('Authorization', as(ALICE))
      .set('Content-Type', 'application/json')
      .send('{"machineId": "secret-looking-text');
    expectErrorAnswer(malformed, 400, 'Malformed JSON body');
    expect(JSON.stringify(malformed.body)).not.toContain('secret-looking');

    for (const id of ['not-a-recording', '%ED%A0%80', '..']) {
      const recording = await call(
        'get',
        `/api/terminal/recordings/${id}`,
        ALICE,
      );
      expect({ id, status: recording.status }).toEqual({ id, status: 400 });
    }
    const filtered = await call(
      'get',
      '/api/terminal/recordings?machineId=.',
      ALICE,
    );
    expect(filtered.status).toBe(400);
    expect(filtered.body.error.message).toMatch(
      /machineId: must be a machine id/,
    );
  });

  it("logs in as the machine's SSH user with a credential that has no username, and says who is missing when neither has one", async () => {
    await start();
    const machine = await labMachine();
    const key = await call('post', '/api/vault/credentials', ALICE, {
      kind: 'ssh-key',
      name: 'nameless key',
      privateKey: sshd.clientPrivateKey,
    });
    expect(key.status).toBe(201);

    // The machine has no SSH user yet: nobody to log in as.
    const refused = await call('post', '/api/terminal/sessions', ALICE, {
      machineId: machine.id,
      credentialId: key.body.id,
    });
    expectErrorAnswer(
      refused,
      400,
      `credentialId: ${machine.hostname} has no SSH user and credential 'nameless key' has no username, so there is nobody to log in as: set the SSH user on the machine, or a username on the credential`,
    );

    const updated = await call(
      'put',
      `/api/machines/machines/${machine.id}`,
      ALICE,
      {
        ip: machine.ip,
        hostname: machine.hostname,
        sshPort: machine.sshPort,
        sshUser: sshd.username,
        defaultCredentialId: machine.defaultCredentialId,
      },
    );
    expect(updated.status).toBe(200);
    const client = await open(ALICE, machine, { credentialId: key.body.id });
    expect(client.message('ready')).toMatchObject({ username: sshd.username });
    client.type('echo "as-$(id -un)"\r');
    await client.untilOutput(`as-${sshd.username}`);
    client.type('exit\r');
    await client.untilClosed();
  });

  it('refuses viewers everything, and shows operators their own recordings only', async () => {
    await start();
    const machine = await labMachine();

    for (const [method, path] of [
      ['post', '/api/terminal/sessions'],
      ['get', '/api/terminal/settings'],
      ['get', '/api/terminal/recordings'],
    ] as const) {
      const res = await call(method, path, VIC, { machineId: machine.id });
      expect(res.status).toBe(403);
    }
    const path = (
      await call('post', '/api/terminal/sessions', ALICE, {
        machineId: machine.id,
      })
    ).body.streamPath;
    expect(await connect(path, VIC)).toMatchObject({ refused: 403 });
    expect(
      auditEvents(logs).some(
        e => e.eventId === 'permission-denied' && e.actorId === VIC,
      ),
    ).toBe(true);

    const client = await open(ALICE, machine);
    client.type('exit\r');
    await client.untilClosed();
    const id = client.message('ready')!.sessionId;

    expect(
      (await call('get', `/api/terminal/recordings/${id}`, BOB)).status,
    ).toBe(403);
    expect(
      (await call('get', `/api/terminal/recordings/${id}/cast`, BOB)).status,
    ).toBe(403);
    expect(
      (await call('get', `/api/terminal/recordings/${id}`, VIC)).status,
    ).toBe(403);
    expect(
      (await call('get', '/api/terminal/recordings', BOB)).body.totalCount,
    ).toBe(0);
    expect(
      (
        await call(
          'get',
          `/api/terminal/recordings?user=${encodeURIComponent(ALICE)}`,
          BOB,
        )
      ).status,
    ).toBe(403);
    expect(
      (await call('get', '/api/terminal/recordings', ALICE)).body.items.map(
        (r: any) => r.id,
      ),
    ).toEqual([id]);
    const all = await call(
      'get',
      `/api/terminal/recordings?machineId=${machine.id}`,
      ADA,
    );
    expect(all.body.items.map((r: any) => r.id)).toEqual([id]);
    expect(
      (await call('get', `/api/terminal/recordings/${id}/cast`, ADA)).status,
    ).toBe(200);
    const bad = await call(
      'get',
      '/api/terminal/recordings?from=yesterday',
      ADA,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from/);
  });

  it('limits concurrent sessions per user', async () => {
    await start({ maxSessionsPerUser: 2 });
    const machine = await labMachine();
    const first = await open(ALICE, machine);
    await open(ALICE, machine);
    const third = await call('post', '/api/terminal/sessions', ALICE, {
      machineId: machine.id,
    });
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    expect(third.body.error.message).toMatch(/2 terminal sessions open/);
    first.type('exit\r');
    await first.untilClosed();
    expect(
      (
        await call('post', '/api/terminal/sessions', ALICE, {
          machineId: machine.id,
        })
      ).status,
    ).toBe(201);
  });

  it('refuses a machine whose host key changed, with a clear message', async () => {
    const other = await startSshd();
    try {
      await start();
      const machine = await labMachine(other);
      await other.regenerateHostKey();
      const res = await call('post', '/api/terminal/sessions', ALICE, {
        machineId: machine.id,
      });
      expect(res.status).toBe(201);
      const client = (await connect(res.body.streamPath, ALICE)) as Client;
      await client.untilClosed();
      expect(client.message('ready')).toBeUndefined();
      expect(client.message('error')).toMatchObject({
        kind: 'hostkey',
        message: expect.stringContaining('has changed'),
      });
      expect(client.closed!.code).toBe(4001);
      const audit = auditEvents(logs).filter(
        e => e.eventId === 'terminal-session',
      );
      expect(audit.map(e => e.status)).toEqual(['initiated', 'failed']);
    } finally {
      await other.stop();
    }
  });

  it('keeps backend memory bounded while 200 MiB go through a slow reader', async () => {
    await start();
    const machine = await labMachine();
    const client = await open(ALICE, machine);
    const total = 200 * 1024 * 1024;
    // The shell's prompt and echo come first; count from the marker on.
    client.type(
      `stty -echo; echo START-$((0+1)); head -c ${total} /dev/zero | tr '\\0' 'x'; echo; echo DONE-$((1+1))\r`,
    );
    // Markers the shell computes, so the echoed command line does not match them.
    await client.untilOutput('START-1');
    client.keepOutput = false;
    const framesBefore = client.outputFrames;

    // The reader takes a few milliseconds of every fifty.
    const socket = (client.ws as any)._socket;
    socket.pause();
    let slow = true;
    const reader = setInterval(() => {
      socket.resume();
      setTimeout(() => slow && socket.pause(), 10);
    }, 50);
    // Live memory after a full collection, so garbage not yet collected does not count.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      const now = process.memoryUsage();
      return now.heapUsed + now.arrayBuffers;
    };
    const baseline = live();
    let peak = 0;
    let samples = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, live() - baseline);
      samples++;
    }, 500);
    try {
      await client.until(
        '200 MiB',
        () => client.tail.includes('DONE-2'),
        240_000,
      );
      // Not asserted as a time: the point is that the reader was slower than the machine.
    } finally {
      slow = false;
      clearInterval(reader);
      clearInterval(sampler);
      socket.resume();
    }
    // eslint-disable-next-line no-console
    console.info(
      `200 MiB through a slow reader: peak live memory +${(
        peak / 1048576
      ).toFixed(1)} MiB over ${samples} samples`,
    );
    expect(client.outputBytes).toBeGreaterThan(total);
    // The SSH packets (4 KiB from a pty) read in one turn of the event loop
    // go out as one frame.
    expect(client.outputFrames - framesBefore).toBeLessThan(total / 16384);
    expect(samples).toBeGreaterThan(4);
    // Without flow control the backend would hold most of the 200 MiB.
    expect(peak).toBeLessThan(48 * 1024 * 1024);
    client.type('exit\r');
    await client.untilClosed();
  }, 300_000);
});
