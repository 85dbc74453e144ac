import { clientTest } from '@opssight/plugin-api-react/testing';
import { AuditClient } from './AuditClient';

const audit = clientTest('audit', AuditClient);
const { setup, json, baseUrl: BASE } = audit;

describe('AuditClient', () => {
  audit.itSendsTheFilters(
    '/entries',
    client =>
      client.listEntries({
        actor: 'user:default/jane',
        action: 'machine-create',
        target: '',
        outcome: 'denied',
        from: '2026-01-31T11:00:00.000Z',
        limit: 25,
        offset: 50,
      }),
    {
      actor: 'user:default/jane',
      action: 'machine-create',
      outcome: 'denied',
      from: '2026-01-31T11:00:00.000Z',
      limit: '25',
      offset: '50',
    },
    client => client.listEntries(),
  );

  it('downloads the export with the same filters, named as the server names it', async () => {
    const { client, requests } = setup(
      () =>
        new Response('{"seq":1}\n{"seq":2}\n', {
          headers: {
            'content-type': 'application/x-ndjson; charset=utf-8',
            'content-disposition':
              'attachment; filename="opssight-audit-2026-01-31T12-00-00-000Z.jsonl"',
          },
        }),
    );
    const result = await client.exportEntries({
      plugin: 'vault',
      requestId: 'r 1',
    });
    expect(requests[0].method).toBe('GET');
    expect(requests[0].url).toBe(`${BASE}/export?plugin=vault&requestId=r+1`);
    expect(result.filename).toBe(
      'opssight-audit-2026-01-31T12-00-00-000Z.jsonl',
    );
    expect(await result.blob.text()).toBe('{"seq":1}\n{"seq":2}\n');
  });

  it('names an export whose Content-Disposition it cannot read as the server would', async () => {
    const { client } = setup(() => new Response(''));
    expect((await client.exportEntries()).filename).toMatch(
      /^opssight-audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.jsonl$/,
    );
  });

  it('lists actions with the filters, and the action names', async () => {
    const { client, requests } = setup(req =>
      req.url.includes('/action-names')
        ? json({ items: [{ plugin: 'vault', action: 'credential-read' }] })
        : json({ items: [], totalCount: 0 }),
    );
    await client.listActions({ action: 'credential-read', limit: 25 });
    audit.expectQuery(requests[0], `${BASE}/actions`, {
      action: 'credential-read',
      limit: '25',
    });
    await expect(client.listActionNames()).resolves.toEqual([
      { plugin: 'vault', action: 'credential-read' },
    ]);
    expect(requests[1].url).toBe(`${BASE}/action-names`);
  });

  it('verifies the chain', async () => {
    const { client, requests } = setup(() =>
      json({ ok: false, checked: 7, firstBroken: { seq: 7, reason: 'x' } }),
    );
    await expect(client.verifyChain()).resolves.toEqual({
      ok: false,
      checked: 7,
      firstBroken: { seq: 7, reason: 'x' },
    });
    expect(requests[0].url).toBe(`${BASE}/verify`);
  });

  // e.g. for a denied reader
  audit.itSurfacesServerErrors(
    client => client.verifyChain(),
    [
      [
        403,
        'NotAllowedError',
        'Reading the audit trail needs the opssight.audit.read permission',
      ],
    ],
  );
});
