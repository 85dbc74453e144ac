import { clientTest } from '@opssight/plugin-api-react/testing';
import { MachinesClient } from './MachinesClient';

const machines = clientTest('machines', MachinesClient);
const { setup, json, baseUrl: BASE } = machines;

describe('MachinesClient', () => {
  machines.itSendsTheFilters(
    '/machines',
    client =>
      client.listMachines({
        q: '10.0',
        group: 'db',
        tag: '',
        limit: 25,
        offset: 50,
        orderBy: 'hostname',
        order: 'desc',
      }),
    {
      q: '10.0',
      group: 'db',
      limit: '25',
      offset: '50',
      orderBy: 'hostname',
      order: 'desc',
    },
    client => client.listMachines(),
  );

  machines.itSends(
    [
      [
        'createMachine',
        c => c.createMachine({ ip: '10.0.0.1', hostname: 'web-1' }),
        'POST',
        '/machines',
        { ip: '10.0.0.1', hostname: 'web-1' },
      ],
      [
        'updateMachine',
        c => c.updateMachine('m/1', { ip: '10.0.0.2', hostname: 'web-2' }),
        'PUT',
        '/machines/m%2F1',
        { ip: '10.0.0.2', hostname: 'web-2' },
      ],
      [
        'bulkImport',
        c => c.bulkImport('10.0.0.1,web-1'),
        'POST',
        '/bulk-imports',
        { text: '10.0.0.1,web-1' },
      ],
      [
        'createGroup',
        c => c.createGroup({ name: 'db' }),
        'POST',
        '/groups',
        { name: 'db' },
      ],
      [
        'updateGroup',
        c => c.updateGroup('g1', { name: 'db2' }),
        'PUT',
        '/groups/g1',
        { name: 'db2' },
      ],
      [
        'startConnectionTest',
        c => c.startConnectionTest({ group: 'db' }),
        'POST',
        '/connection-tests',
        { group: 'db' },
      ],
      ['getMachine', c => c.getMachine('m1'), 'GET', '/machines/m1'],
      ['deleteMachine', c => c.deleteMachine('m1'), 'DELETE', '/machines/m1'],
      [
        'forgetHostKey',
        c => c.forgetHostKey('m1'),
        'DELETE',
        '/machines/m1/host-key',
      ],
      ['deleteGroup', c => c.deleteGroup('g1'), 'DELETE', '/groups/g1'],
      [
        'getConnectionTest',
        c => c.getConnectionTest('r1'),
        'GET',
        '/connection-tests/r1',
      ],
    ],
    {
      reply: req =>
        req.method === 'DELETE' && !req.url.endsWith('host-key')
          ? new Response(null, { status: 204 })
          : json({ id: 'x' }),
    },
  );

  it('unwraps the items of groups and tags', async () => {
    const { client } = setup(req =>
      req.url.endsWith('/groups')
        ? json({ items: [{ id: 'g1', name: 'db', machineCount: 2 }] })
        : json({ items: [{ name: 'prod', machineCount: 3 }] }),
    );
    expect(await client.listGroups()).toEqual([
      { id: 'g1', name: 'db', machineCount: 2 },
    ]);
    expect(await client.listTags()).toEqual([
      { name: 'prod', machineCount: 3 },
    ]);
  });

  it('returns undefined for 204 responses', async () => {
    const { client } = setup(() => new Response(null, { status: 204 }));
    await expect(client.deleteMachine('m1')).resolves.toBeUndefined();
  });

  machines.itSurfacesServerErrors(
    client => client.createMachine({ ip: '10.0.0.1', hostname: 'web-2' }),
    [[409, 'ConflictError', "ip: 10.0.0.1 is already used by machine 'web-1'"]],
  );

  it("also reads Backstage's full error body", async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'NotFoundError', message: 'no machine with id m9' },
          request: { method: 'GET', url: '/machines/m9' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    await machines.expectApiError(
      client.getMachine('m9'),
      404,
      'no machine with id m9',
    );
  });

  machines.itFallsBackToTheStatusForNonJsonErrors(client =>
    client.listGroups(),
  );

  it('asks the clusters plugin which clusters a machine is a node of, and none without it', async () => {
    const { client, requests, getBaseUrl } = setup(() =>
      json([{ ip: '10.0.0.1', machine: null, clusters: ['prod-eu'] }]),
    );
    getBaseUrl.mockImplementation(
      async (pluginId: string) => `http://localhost:7007/api/${pluginId}`,
    );
    expect(await client.clustersOfMachine('10.0.0.1')).toEqual(['prod-eu']);
    expect(requests[0].url).toBe(
      'http://localhost:7007/api/clusters/ip-lookup',
    );
    expect(requests[0].method).toBe('POST');
    expect(await requests[0].json()).toEqual({ ips: ['10.0.0.1'] });

    const without = setup(() =>
      machines.errorResponse('NotFoundError', 'Not found', 404),
    );
    expect(await without.client.clustersOfMachine('10.0.0.1')).toEqual([]);
  });

  it("removes a node from each cluster by replacing the cluster's topology without it", async () => {
    const { client, requests, getBaseUrl } = setup(req =>
      req.method === 'GET'
        ? json({
            id: 'c1',
            nodes: [
              { ip: '10.0.0.1', role: 'master' },
              { ip: '10.0.0.2', role: 'worker' },
              { ip: '10.0.0.3', role: 'worker' },
            ],
            loadBalancerIp: null,
            updatedAt: '2026-12-07T00:00:00.000Z',
          })
        : json({}),
    );
    getBaseUrl.mockImplementation(
      async (pluginId: string) => `http://localhost:7007/api/${pluginId}`,
    );
    await client.removeFromClusters('10.0.0.2', ['prod eu']);
    expect(requests.map(r => [r.method, r.url])).toEqual([
      ['GET', 'http://localhost:7007/api/clusters/clusters/by-name/prod%20eu'],
      ['PUT', 'http://localhost:7007/api/clusters/clusters/c1/topology'],
    ]);
    expect(await requests[1].json()).toEqual({
      masters: ['10.0.0.1'],
      workers: ['10.0.0.3'],
      loadBalancerIp: null,
      expectedUpdatedAt: '2026-12-07T00:00:00.000Z',
    });
  });

  it("gives a connection test's event stream URL, for the job views to follow", async () => {
    const { client, requests } = setup(() => json({}));
    await expect(client.connectionTestEventsUrl('t 1')).resolves.toBe(
      `${BASE}/connection-tests/t%201/events`,
    );
    // Only a URL: the stream is opened by the job views, through fetchApi.
    expect(requests).toEqual([]);
  });
});
