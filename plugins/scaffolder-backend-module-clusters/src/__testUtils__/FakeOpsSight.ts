import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  Cluster,
  createClusterSchema,
  topologyWarnings,
} from '@opssight/plugin-clusters-common';
import {
  describeIssues,
  Machine,
  machineInputSchema,
} from '@opssight/plugin-machines-common';
import { randomUUID } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { makeMachine } from '@opssight/plugin-machines-node/testing';

/** One request the fake answered, with the user its token stood for. */
export type RecordedRequest = {
  method: string;
  path: string;
  pluginId: string;
  /** The user the on-behalf-of token was issued for; undefined for a service token. */
  user?: string;
  body?: unknown;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The machines API (`POST /machines`, `POST /machines/lookup`), the clusters API (`POST /clusters`,
 * `GET /clusters/by-name/:name`) and the catalog's entity lookup, as they
 * answer: bodies validated with the same shared schemas, errors with the same
 * statuses and `{ error: { name, message } }` bodies, and every token
 * authenticated like a backend plugin does (mock tokens, target plugin
 * checked). Requests not on behalf of a user are refused, so a test passes
 * only if the actions act as the initiator.
 */
export class FakeOpsSight {
  readonly machines: Machine[] = [];
  readonly clusters: Array<Cluster & { createdBy: string }> = [];
  readonly requests: RecordedRequest[] = [];
  /** Catalog entities by `kind:namespace/name` (lower case). */
  readonly entities = new Map<string, unknown>();
  /** Users whose writes are refused with 403, as the OpsSight policy refuses Viewers. */
  readonly viewers = new Set<string>();
  /** IPs the machines lookup does not find (as if registered by someone else a moment ago). */
  readonly hiddenFromLookup = new Set<string>();

  /** Machine IPs whose registration fails with a 500, as a broken database would. */
  readonly failingIps = new Set<string>();

  private server?: Server;
  private baseUrl = '';

  static async start(): Promise<FakeOpsSight> {
    const fake = new FakeOpsSight();
    fake.server = createServer((req, res) => {
      fake.handle(req, res).catch(error => {
        const e =
          error instanceof HttpError
            ? error
            : new HttpError(500, 'Error', String(error));
        res.writeHead(e.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { name: e.errorName, message: e.message },
            response: { statusCode: e.status },
          }),
        );
      });
    });
    await new Promise<void>(resolve =>
      fake.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = fake.server.address() as AddressInfo;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** Discovery that sends every plugin here. */
  get discovery(): DiscoveryService {
    return {
      getBaseUrl: async pluginId => `${this.baseUrl}/api/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${this.baseUrl}/api/${pluginId}`,
    };
  }

  addMachine(ip: string, hostname: string): Machine {
    const now = new Date().toISOString();
    const machine = makeMachine({
      ip,
      hostname,
      owner: 'group:default/platform-team',
      createdAt: now,
      updatedAt: now,
    });
    this.machines.push(machine);
    return machine;
  }

  /** The requests that change something: every one but reads and lookups. */
  writes() {
    return this.requests.filter(
      r => r.method !== 'GET' && r.path !== '/machines/lookup',
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const [, api, pluginId, ...rest] = url.pathname.split('/');
    if (api !== 'api') throw new HttpError(404, 'NotFoundError', 'Not found');
    const path = `/${rest.join('/')}`;
    const user = await this.authenticate(req, pluginId);
    const body = await readJson(req);
    this.requests.push({ method: req.method!, path, pluginId, user, body });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const route = `${req.method} ${pluginId}${path}`;

    if (route === 'POST machines/machines/lookup') {
      const { ids = [], ips = [] } = body as { ids?: string[]; ips?: string[] };
      const items = this.machines.filter(
        m =>
          !this.hiddenFromLookup.has(m.ip) &&
          (ids.includes(m.id) || ips.includes(m.ip)),
      );
      return send(200, { items });
    }
    if (route === 'POST machines/machines') {
      this.mayWrite(user, 'opssight.machines.create');
      const parsed = machineInputSchema.safeParse(body);
      if (!parsed.success) {
        throw new HttpError(
          400,
          'InputError',
          `Invalid machine: ${describeIssues(parsed.error)}`,
        );
      }
      if (this.failingIps.has(parsed.data.ip)) {
        throw new HttpError(500, 'Error', 'database is locked');
      }
      const clash = this.machines.find(m => m.ip === parsed.data.ip);
      if (clash) {
        throw new HttpError(
          409,
          'ConflictError',
          `ip: ${clash.ip} is already used by machine '${clash.hostname}' (id ${clash.id})`,
        );
      }
      const machine = this.addMachine(parsed.data.ip, parsed.data.hostname);
      Object.assign(machine, {
        ...parsed.data,
        owner: parsed.data.owner ?? 'group:default/platform-team',
      });
      return send(201, machine);
    }
    const byName = /^GET clusters\/clusters\/by-name\/([^/]+)$/.exec(route);
    if (byName) {
      const cluster = this.clusters.find(
        c => c.name === decodeURIComponent(byName[1]),
      );
      if (!cluster) {
        throw new HttpError(
          404,
          'NotFoundError',
          `no cluster named '${byName[1]}'`,
        );
      }
      return send(200, cluster);
    }
    if (route === 'POST clusters/clusters') {
      this.mayWrite(user, 'opssight.clusters.cluster.create');
      const parsed = createClusterSchema.safeParse(body);
      if (!parsed.success) {
        throw new HttpError(
          400,
          'InputError',
          `Invalid cluster: ${describeIssues(parsed.error)}`,
        );
      }
      const input = parsed.data;
      if (this.clusters.some(c => c.name === input.name)) {
        throw new HttpError(
          409,
          'ConflictError',
          `name: a cluster named '${input.name}' already exists`,
        );
      }
      const unregistered = [
        ...input.masters.map((ip, i) => [`masters.${i}`, ip]),
        ...input.workers.map((ip, i) => [`workers.${i}`, ip]),
      ].filter(([, ip]) => !this.machines.some(m => m.ip === ip));
      if (unregistered.length) {
        throw new HttpError(
          400,
          'InputError',
          `Invalid cluster: ${unregistered
            .map(
              ([field, ip]) =>
                `${field}: ${ip} is not a registered machine; register it first`,
            )
            .join('; ')}`,
        );
      }
      const now = new Date().toISOString();
      const node = (role: 'master' | 'worker') => (ip: string) => {
        const machine = this.machines.find(m => m.ip === ip)!;
        return {
          ip,
          role,
          machineId: machine.id,
          hostname: machine.hostname,
          hostKeyPinned: false,
          lastSshCheck: null,
          kube: null,
        };
      };
      const cluster = {
        id: randomUUID(),
        name: input.name,
        description: input.description,
        environment: input.environment,
        owner: input.owner ?? 'group:default/platform-team',
        loadBalancerIp: input.loadBalancerIp,
        apiUrl: input.apiUrl,
        apiCaData: input.apiCaData,
        apiTokenCredentialId: input.apiTokenCredentialId,
        nodes: [
          ...input.masters.map(node('master')),
          ...input.workers.map(node('worker')),
        ],
        health: {
          state: 'unknown' as const,
          summary: 'not checked yet',
          checkedAt: null,
          ssh: { total: 0, reachable: 0 },
          api: null,
        },
        createdBy: user!,
        createdAt: now,
        updatedAt: now,
      };
      this.clusters.push(cluster);
      return send(201, { ...cluster, warnings: topologyWarnings(input) });
    }
    const entity =
      /^GET catalog\/entities\/by-name\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(route);
    if (entity) {
      const ref = `${entity[1]}:${entity[2]}/${entity[3]}`.toLowerCase();
      if (this.entities.has(ref)) return send(200, this.entities.get(ref));
      throw new HttpError(404, 'NotFoundError', `No entity ${ref}`);
    }
    throw new HttpError(404, 'NotFoundError', `No route ${route}`);
  }

  /** As a backend plugin authenticates a request: the token must be for this plugin. */
  private async authenticate(
    req: IncomingMessage,
    pluginId: string,
  ): Promise<string | undefined> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      throw new HttpError(401, 'AuthenticationError', 'Missing credentials');
    }
    let credentials;
    try {
      credentials = await mockServices.auth({ pluginId }).authenticate(token);
    } catch (error) {
      throw new HttpError(401, 'AuthenticationError', String(error));
    }
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (pluginId === 'catalog') return principal.userEntityRef;
    if (principal.type !== 'user') {
      throw new HttpError(
        401,
        'AuthenticationError',
        `the ${pluginId} API acts on behalf of users; got a ${principal.type} token`,
      );
    }
    return principal.userEntityRef;
  }

  private mayWrite(user: string | undefined, permission: string) {
    if (user && this.viewers.has(user)) {
      throw new HttpError(
        403,
        'NotAllowedError',
        `You are not allowed to perform ${permission}`,
      );
    }
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'InputError', `Malformed JSON body`);
  }
}
