import { errorMessage } from '@opssight/plugin-api-react';
import { ClustersClient } from './ClustersClient';
import {
  fakeBackend,
  jsonResponse as json,
} from '@opssight/plugin-api-react/testing';

const BASE = 'http://localhost:7007/api/clusters';

function setup(reply: (req: Request) => Response = () => json({})) {
  const backend = fakeBackend(BASE, reply);
  return { client: new ClustersClient(backend), ...backend };
}

describe('ClustersClient', () => {
  it('lists clusters and runs with their filters as query parameters', async () => {
    const { client, requests, getBaseUrl } = setup(() =>
      json({ items: [], totalCount: 0 }),
    );
    await client.listClusters({ environment: 'production', q: '' });
    await client.listRuns({ clusterId: 'c 1', limit: 20 });
    await client.listClusters();
    expect(getBaseUrl).toHaveBeenCalledWith('clusters');
    expect(requests.map(r => r.url)).toEqual([
      `${BASE}/clusters?environment=production`,
      `${BASE}/runs?clusterId=c+1&limit=20`,
      `${BASE}/clusters`,
    ]);
  });

  it.each([
    [
      'getCluster',
      (c: ClustersClient) => c.getCluster('c/1'),
      'GET',
      '/clusters/c%2F1',
      undefined,
    ],
    [
      'getClusterByName',
      (c: ClustersClient) => c.getClusterByName('prod'),
      'GET',
      '/clusters/by-name/prod',
      undefined,
    ],
    [
      'updateCluster',
      (c: ClustersClient) =>
        c.updateCluster('c1', { owner: 'group:default/sre' }),
      'PATCH',
      '/clusters/c1',
      { owner: 'group:default/sre' },
    ],
    [
      'previewTopology',
      (c: ClustersClient) =>
        c.previewTopology('c1', {
          masters: ['10.0.0.1'],
          workers: [],
          loadBalancerIp: null,
        }),
      'POST',
      '/clusters/c1/topology/preview',
      { masters: ['10.0.0.1'], workers: [], loadBalancerIp: null },
    ],
    [
      'reconfigure',
      (c: ClustersClient) =>
        c.reconfigure('c1', {
          masters: ['10.0.0.1'],
          workers: [],
          loadBalancerIp: null,
          expectedUpdatedAt: '2026-01-01T00:00:00.000Z',
        }),
      'PUT',
      '/clusters/c1/topology',
      {
        masters: ['10.0.0.1'],
        workers: [],
        loadBalancerIp: null,
        expectedUpdatedAt: '2026-01-01T00:00:00.000Z',
      },
    ],
    [
      'getHistory',
      (c: ClustersClient) => c.getHistory('c1'),
      'GET',
      '/clusters/c1/history',
      undefined,
    ],
    [
      'checkHealth',
      (c: ClustersClient) => c.checkHealth('c1'),
      'POST',
      '/clusters/c1/health-checks',
      undefined,
    ],
    [
      'lookupIps',
      (c: ClustersClient) => c.lookupIps(['10.0.0.1']),
      'POST',
      '/ip-lookup',
      { ips: ['10.0.0.1'] },
    ],
    [
      'startRun',
      (c: ClustersClient) =>
        c.startRun({
          targets: { group: 'web' },
          script: 'uptime',
          credentialId: 'k',
        }),
      'POST',
      '/runs',
      { targets: { group: 'web' }, script: 'uptime', credentialId: 'k' },
    ],
    [
      'getRun',
      (c: ClustersClient) => c.getRun('r1'),
      'GET',
      '/runs/r1',
      undefined,
    ],
    [
      'cancelRun',
      (c: ClustersClient) => c.cancelRun('r1'),
      'POST',
      '/runs/r1/cancel',
      undefined,
    ],
    [
      'rerun',
      (c: ClustersClient) => c.rerun('r1', { targets: 'failed' }),
      'POST',
      '/runs/r1/rerun',
      { targets: 'failed' },
    ],
    [
      'listSnippets',
      (c: ClustersClient) => c.listSnippets(),
      'GET',
      '/snippets',
      undefined,
    ],
    [
      'createSnippet',
      (c: ClustersClient) => c.createSnippet({ name: 'n', script: 's' }),
      'POST',
      '/snippets',
      { name: 'n', script: 's' },
    ],
    [
      'updateSnippet',
      (c: ClustersClient) => c.updateSnippet('s1', { name: 'n', script: 's' }),
      'PUT',
      '/snippets/s1',
      { name: 'n', script: 's' },
    ],
  ] as const)(
    '%s sends its method, path and body',
    async (_name, call, method, path, body) => {
      const { client, requests } = setup();
      await call(client);
      expect(requests[0].method).toBe(method);
      expect(requests[0].url).toBe(`${BASE}${path}`);
      expect(requests[0].headers.get('content-type')).toBe(
        body === undefined ? null : 'application/json',
      );
      expect(await requests[0].text()).toBe(
        body === undefined ? '' : JSON.stringify(body),
      );
    },
  );

  it('deletes with no body expected back', async () => {
    const { client, requests } = setup(
      () => new Response(null, { status: 204 }),
    );
    await expect(client.deleteCluster('c1')).resolves.toBeUndefined();
    await expect(client.deleteSnippet('s1')).resolves.toBeUndefined();
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `DELETE ${BASE}/clusters/c1`,
      `DELETE ${BASE}/snippets/s1`,
    ]);
  });

  it('reads the inventory as text, and names the events stream without a token', async () => {
    const { client } = setup(
      () =>
        new Response('all:\n  hosts: {}\n', {
          headers: { 'content-type': 'application/yaml' },
        }),
    );
    expect(await client.getInventory('c1')).toBe('all:\n  hosts: {}\n');
    expect(await client.runEventsUrl('r 1')).toBe(`${BASE}/runs/r%201/events`);
  });

  it("surfaces the server's message naming the field", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'InputError',
            message:
              "masters.1: '10.0.0.300' is not a valid IPv4 or IPv6 address",
          },
        },
        400,
      ),
    );
    const error = await client.lookupIps(['x']).catch(e => e);
    expect(error.statusCode).toBe(400);
    expect(errorMessage(error)).toBe(
      "masters.1: '10.0.0.300' is not a valid IPv4 or IPv6 address",
    );
  });
});
