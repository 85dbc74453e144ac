import { clientTest } from '@opssight/plugin-api-react/testing';
import { TerminalClient } from './TerminalClient';

const terminal = clientTest('terminal', TerminalClient);
const { setup, json, baseUrl: BASE } = terminal;

describe('TerminalClient', () => {
  it('asks discovery for the terminal plugin and reads the settings', async () => {
    const settings = { idleTimeoutMs: 1, retentionDays: 90 };
    const { client, requests, getBaseUrl } = setup(() => json(settings));
    expect(await client.getSettings()).toEqual(settings);
    expect(getBaseUrl).toHaveBeenCalledWith('terminal');
    await terminal.expectSent(requests[0], 'GET', `${BASE}/settings`);
  });

  it('opens a session with a JSON body', async () => {
    const opened = {
      sessionId: 's1',
      streamPath: '/api/terminal/sessions/s1/stream',
      machine: { id: 'm1', hostname: 'web-1', ip: '10.0.0.1' },
      credentialId: 'c1',
    };
    const { client, requests } = setup(() => json(opened, 201));
    const result = await client.openSession({
      machineId: 'm1',
      credentialId: 'c1',
      cols: 120,
      rows: 40,
    });
    expect(result).toEqual(opened);
    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${BASE}/sessions`);
    expect(requests[0].headers.get('content-type')).toBe('application/json');
    expect(await requests[0].json()).toEqual({
      machineId: 'm1',
      credentialId: 'c1',
      cols: 120,
      rows: 40,
    });
  });

  it.each([
    [
      'http://localhost:7007/api/terminal',
      'ws://localhost:7007/api/terminal/sessions/s1/stream',
    ],
    [
      'https://portal.example.com/api/terminal',
      'wss://portal.example.com/api/terminal/sessions/s1/stream',
    ],
    [
      'https://portal.example.com:8443/api/terminal',
      'wss://portal.example.com:8443/api/terminal/sessions/s1/stream',
    ],
  ])('puts the stream on the backend origin of %s', async (base, expected) => {
    const { client } = setup(() => json({}), base);
    expect(await client.streamUrl('/api/terminal/sessions/s1/stream')).toBe(
      expected,
    );
  });

  terminal.itSendsTheFilters(
    '/recordings',
    client =>
      client.listRecordings({
        user: 'user:default/alice',
        machineId: 'm1',
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-02T00:00:00.000Z',
        limit: 25,
        offset: 50,
      }),
    {
      user: 'user:default/alice',
      machineId: 'm1',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
      limit: '25',
      offset: '50',
    },
    client => client.listRecordings({ user: '', machineId: undefined }),
  );

  it('gets one recording and its cast file, ids encoded', async () => {
    const cast = '{"version":2,"width":80,"height":24}\n[0.1,"o","hi"]\n';
    const { client, requests } = setup(req =>
      req.url.endsWith('/cast')
        ? new Response(cast, {
            headers: { 'content-type': 'application/x-asciicast' },
          })
        : json({ id: 'r/1' }),
    );
    expect(await client.getRecording('r/1')).toEqual({ id: 'r/1' });
    expect(requests[0].url).toBe(`${BASE}/recordings/r%2F1`);
    expect(await client.getRecordingCast('r/1')).toBe(cast);
    expect(requests[1].url).toBe(`${BASE}/recordings/r%2F1/cast`);
  });

  terminal.itSurfacesServerErrors(
    client => client.openSession({ machineId: 'm9', cols: 80, rows: 24 }),
    [
      [400, 'InputError', 'cols: must be at least 2'],
      [403, 'NotAllowedError', 'You may not open terminals'],
      [404, 'NotFoundError', 'no machine with id m9'],
      [
        409,
        'ConflictError',
        'web-1 has no pinned host key: run a connection test first',
      ],
      [
        429,
        'TooManyRequestsError',
        'You have 5 terminals open; close one first',
      ],
    ],
  );

  // The cast download maps errors too.
  terminal.itSurfacesServerErrors(
    client => client.getRecordingCast('r1'),
    [[403, 'NotAllowedError', 'not your recording']],
  );

  terminal.itFallsBackToTheStatusForNonJsonErrors(client =>
    client.listRecordings(),
  );
});
