import { clientTest } from '@opssight/plugin-api-react/testing';
import { ClustersClient } from './ClustersClient';

const clusters = clientTest('clusters', ClustersClient);
const { setup, json, baseUrl: BASE } = clusters;

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

  clusters.itSends([
    [
      'getCluster',
      c => c.getCluster('c/1'),
      'GET',
      '/clusters/c%2F1',
      undefined,
    ],
    [
      'getClusterByName',
      c => c.getClusterByName('prod'),
      'GET',
      '/clusters/by-name/prod',
      undefined,
    ],
    [
      'updateCluster',
      c => c.updateCluster('c1', { owner: 'group:default/sre' }),
      'PATCH',
      '/clusters/c1',
      { owner: 'group:default/sre' },
    ],
    [
      'previewTopology',
      c =>
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
      c =>
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
      c => c.getHistory('c1'),
      'GET',
      '/clusters/c1/history',
      undefined,
    ],
    [
      'checkHealth',
      c => c.checkHealth('c1'),
      'POST',
      '/clusters/c1/health-checks',
      undefined,
    ],
    [
      'lookupIps',
      c => c.lookupIps(['10.0.0.1']),
      'POST',
      '/ip-lookup',
      { ips: ['10.0.0.1'] },
    ],
    [
      'startRun',
      c =>
        c.startRun({
          targets: { group: 'web' },
          script: 'uptime',
          credentialId: 'k',
        }),
      'POST',
      '/runs',
      { targets: { group: 'web' }, script: 'uptime', credentialId: 'k' },
    ],
    ['getRun', c => c.getRun('r1'), 'GET', '/runs/r1', undefined],
    ['cancelRun', c => c.cancelRun('r1'), 'POST', '/runs/r1/cancel', undefined],
    [
      'rerun',
      c => c.rerun('r1', { targets: 'failed' }),
      'POST',
      '/runs/r1/rerun',
      { targets: 'failed' },
    ],
    ['listSnippets', c => c.listSnippets(), 'GET', '/snippets', undefined],
    [
      'createSnippet',
      c => c.createSnippet({ name: 'n', script: 's' }),
      'POST',
      '/snippets',
      { name: 'n', script: 's' },
    ],
    [
      'updateSnippet',
      c => c.updateSnippet('s1', { name: 'n', script: 's' }),
      'PUT',
      '/snippets/s1',
      { name: 'n', script: 's' },
    ],
  ]);

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

  // e.g. naming the field
  clusters.itSurfacesServerErrors(
    client => client.lookupIps(['x']),
    [
      [
        400,
        'InputError',
        "masters.1: '10.0.0.300' is not a valid IPv4 or IPv6 address",
      ],
    ],
  );
});
