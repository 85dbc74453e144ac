import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Cluster, ClusterNode } from '@opssight/plugin-clusters-common';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A cluster as the clusters API returns it; nodes from `masters`/`workers` IPs with hostnames. */
export function testCluster(
  fields: Partial<Cluster> & {
    name: string;
    masters?: Array<[ip: string, hostname: string | null]>;
    workers?: Array<[ip: string, hostname: string | null]>;
  },
): Cluster {
  const { masters = [], workers = [], ...rest } = fields;
  const node =
    (role: 'master' | 'worker') =>
    ([ip, hostname]: [string, string | null]): ClusterNode => ({
      ip,
      role,
      machineId: hostname ? randomUUID() : null,
      hostname,
      hostKeyPinned: true,
      lastSshCheck: null,
      kube: null,
    });
  return {
    id: randomUUID(),
    description: '',
    environment: 'development',
    owner: 'group:default/platform-team',
    loadBalancerIp: null,
    apiUrl: null,
    apiCaData: null,
    apiTokenCredentialId: null,
    nodes: [...masters.map(node('master')), ...workers.map(node('worker'))],
    health: {
      state: 'unknown',
      summary: 'not checked yet',
      checkedAt: null,
      ssh: { total: 0, reachable: 0 },
      api: null,
    },
    createdBy: 'user:default/alice',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...rest,
  };
}

/**
 * `GET /api/clusters/clusters?limit&offset` as the clusters backend answers it
 * (`{ items, totalCount }`, at most `maxPageSize` per page whatever the limit),
 * accepting only service tokens issued for the clusters plugin, as a backend
 * plugin authenticates them.
 */
export class FakeClustersApi {
  readonly clusters: Cluster[] = [];
  /** Principal of each request: `service:<subject>` or `user:<ref>`. */
  readonly callers: string[] = [];
  maxPageSize = 1000;

  private server?: Server;
  private baseUrl = '';

  static async start(): Promise<FakeClustersApi> {
    const fake = new FakeClustersApi();
    const auth = mockServices.auth({ pluginId: 'clusters' });
    fake.server = createServer(async (req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', fake.baseUrl);
      if (req.method !== 'GET' || url.pathname !== '/api/clusters/clusters') {
        send(404, { error: { name: 'NotFoundError', message: 'Not found' } });
        return;
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      let principal: { type: string; subject?: string; userEntityRef?: string };
      try {
        principal = (await auth.authenticate(token ?? '')).principal as any;
      } catch (error) {
        send(401, {
          error: { name: 'AuthenticationError', message: String(error) },
        });
        return;
      }
      fake.callers.push(
        `${principal.type}:${principal.subject ?? principal.userEntityRef}`,
      );
      const limit = Math.min(
        Number(url.searchParams.get('limit') ?? 50),
        fake.maxPageSize,
      );
      const offset = Number(url.searchParams.get('offset') ?? 0);
      send(200, {
        items: fake.clusters.slice(offset, offset + limit),
        totalCount: fake.clusters.length,
      });
    });
    await new Promise<void>(resolve =>
      fake.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = fake.server.address() as AddressInfo;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  get url() {
    return `${this.baseUrl}/api/clusters`;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** Discovery that finds the clusters plugin here and every other at `otherPlugins()`. */
  discovery(otherPlugins: () => string = () => ''): DiscoveryService {
    const baseUrl = async (pluginId: string) =>
      pluginId === 'clusters' ? this.url : `${otherPlugins()}/api/${pluginId}`;
    return { getBaseUrl: baseUrl, getExternalBaseUrl: baseUrl };
  }
}
