import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createPluginApiReader } from './PluginApiReader';

/**
 * A plugin's paged list as OpsSight's backends answer it, at most
 * `maxPageSize` per page whatever the limit, for service tokens issued to
 * the dashboards plugin only.
 */
async function startDashboardsApi(count: number, maxPageSize: number) {
  const auth = mockServices.auth({ pluginId: 'dashboards' });
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '').replace(/^\/api\/dashboards/, '');
    requests.push(path);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      await auth.authenticate(token ?? '');
    } catch {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { name: 'AuthenticationError', message: 'no' },
        }),
      );
      return;
    }
    const url = new URL(path, 'http://localhost');
    if (url.pathname !== '/dashboards') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { name: 'NotFoundError', message: `No ${url.pathname}` },
          response: { statusCode: 404 },
        }),
      );
      return;
    }
    const limit = Math.min(Number(url.searchParams.get('limit')), maxPageSize);
    const offset = Number(url.searchParams.get('offset'));
    const all = Array.from({ length: count }, (_, i) => ({ n: i }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        items: all.slice(offset, offset + limit),
        totalCount: count,
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    reader: createPluginApiReader({
      auth: mockServices.auth({ pluginId: 'catalog' }),
      discovery: {
        getBaseUrl: async pluginId =>
          `http://127.0.0.1:${port}/api/${pluginId}`,
        getExternalBaseUrl: async () => '',
      },
      pluginId: 'dashboards',
    }),
    stop: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('createPluginApiReader', () => {
  it('reads every page as the catalog, even when the server caps pages below the size asked for', async () => {
    const api = await startDashboardsApi(1203, 100);
    try {
      const items = await api.reader.getAll<{ n: number }>('/dashboards', {
        pageSize: 500,
      });
      expect(items.map(i => i.n)).toEqual(
        Array.from({ length: 1203 }, (_, i) => i),
      );
      expect(api.requests).toHaveLength(13);
      expect(api.requests[1]).toBe('/dashboards?limit=500&offset=100');
    } finally {
      await api.stop();
    }
  });

  it('stops at an empty page', async () => {
    const api = await startDashboardsApi(0, 100);
    try {
      await expect(
        api.reader.getAll('/dashboards?kind=grafana', { pageSize: 50 }),
      ).resolves.toEqual([]);
      expect(api.requests).toEqual([
        '/dashboards?kind=grafana&limit=50&offset=0',
      ]);
    } finally {
      await api.stop();
    }
  });

  it('throws the error the plugin answered with', async () => {
    const api = await startDashboardsApi(3, 100);
    try {
      const failure = api.reader.get('/panels');
      await expect(failure).rejects.toBeInstanceOf(ResponseError);
      await expect(failure).rejects.toMatchObject({
        response: { status: 404 },
        body: { error: { message: 'No /panels' } },
      });
    } finally {
      await api.stop();
    }
  });
});
