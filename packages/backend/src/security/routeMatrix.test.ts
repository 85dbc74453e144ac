/*
 * Every route of every OpsSight backend plugin, as its router has it, called
 * with no identity and as each role, through the real permission backend and
 * the real OpsSight policy.
 */
import { freePort } from '@opssight/plugin-testing-node';
import request from 'supertest';
import {
  asUser,
  OPSSIGHT_PLUGIN_IDS,
  OpsSightPluginId,
  routesOf,
  startOpsSightBackend,
  USERS,
  viaPlugin,
  Role,
} from './__testUtils__/opsSightTestBackend';

jest.setTimeout(180_000);

const CALLERS = ['none', 'viewer', 'operator', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

const ROLES: Record<string, Role> = {
  [USERS.admin]: 'admin',
  [USERS.operator]: 'operator',
  [USERS.viewer]: 'viewer',
};

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Routes designed to answer without an identity (`METHOD /api/plugin/path`).
 * There are none: every OpsSight route needs a signed-in user or a service.
 */
const DESIGNED_PUBLIC = new Set<string>([]);

/**
 * Self-service: a signed-in user's own local account. Needs no permission, so
 * every role, viewers included, may use it.
 */
const isSelfService = (url: string) => /^\/api\/access\/me(\/|$)/.test(url);

/** User and role management: admins only. */
const isUserManagement = (url: string) =>
  /^\/api\/access\/users(\/|$)/.test(url);

/**
 * Backstage's permission integration (mounted by the permissions registry on
 * plugins that register permissions): POST apply-conditions evaluates
 * conditions for the permission backend and changes nothing, so it is not a
 * mutation a viewer must be refused.
 */
const isPermissionIntegration = (url: string) =>
  /^\/api\/[^/]+\/\.well-known\/backstage\/permissions\//.test(url);

/**
 * Reads that take their question as a POST body because it can be long (up to
 * 1000 IPs for the cluster wizard's lookup): viewers may use them; they change nothing.
 */
const READS_BY_POST = new Set([
  'POST /api/clusters/ip-lookup',
  'POST /api/machines/machines/lookup',
  // The next five fire times of a cron expression in a time zone.
  'POST /api/automation/schedules/preview',
]);

/**
 * Routes that, by design, refuse a user's own token whatever the role: checking
 * a secret out of the vault is for backend plugins (the terminal) acting on a
 * user's behalf, and Backstage's apply-conditions is for the permission
 * backend. Each role calls them through a plugin acting on its behalf.
 */
const VIA_PLUGIN = new Set(['POST /api/vault/credentials/:id/checkout']);
/** Every plugin registering its permissions has apply-conditions. */
const isApplyConditions = (route: { method: string; url: string }) =>
  route.method === 'POST' &&
  /^\/api\/[^/]+\/\.well-known\/backstage\/permissions\/apply-conditions$/.test(
    route.url,
  );

type Route = { plugin: OpsSightPluginId; method: string; url: string };
const routeKey = (r: Route) => `${r.method} ${r.url}`;

/** Things that exist, so that routes with path params reach their handler. */
type Fixtures = {
  username: string;
  credentialId: string;
  machineId: string;
  groupId: string;
  connectionTestId: string;
  clusterId: string;
  clusterName: string;
  bulkRunId: string;
  snippetId: string;
  projectId: string;
  inventoryId: string;
  templateId: string;
  scheduleId: string;
  n: number;
  /** Where the fixture machine's SSH port is: nothing listens there. */
  sshPort: number;
};

/** An automation run that does not exist. */
const NO_RUN = '00000000-0000-4000-8000-000000000001';

/** Path params, by the path segment they follow. */
const PARAMS: Record<string, (f: Fixtures) => string> = {
  'access users': f => f.username,
  'vault credentials': f => f.credentialId,
  'machines machines': f => f.machineId,
  'machines groups': f => f.groupId,
  'machines connection-tests': f => f.connectionTestId,
  // No session was recorded: readers get 404, the others their refusal.
  'terminal recordings': () => '00000000-0000-4000-8000-000000000000',
  'clusters clusters': f => f.clusterId,
  'clusters by-name': f => f.clusterName,
  'clusters runs': f => f.bulkRunId,
  'clusters snippets': f => f.snippetId,
  'automation projects': f => f.projectId,
  'automation versions': () => '1',
  'automation inventories': f => f.inventoryId,
  'automation templates': f => f.templateId,
  // No run was started (the fixture machine's host key is not pinned, so a
  // launch is refused): readers get 404, the others their refusal.
  'automation runs': () => NO_RUN,
  'automation results': () => 'fixture',
  'automation :host': () => 'task-1',
  'automation schedules': f => f.scheduleId,
};

const PASSWORD = 'velvet-harbour-42-quiet';
const NEW_PASSWORD = 'amber-lantern-17-steady';

/**
 * Bodies that would succeed for an admin, so that a refusal is about the role
 * and not about the request: the OpenAPI validator runs before the handlers,
 * so a body its schema rejects is a 400 whatever the role (POST
 * /api/machines/bulk-imports answers a viewer's `{}` with 400, not 403). A new
 * mutation without a body here shows up as such a 400 in the viewer's column.
 */
const BODIES: Record<string, (f: Fixtures) => object> = {
  'POST /api/access/users': f => ({
    username: `new-${f.n}`,
    role: 'viewer',
    password: PASSWORD,
  }),
  'PUT /api/access/users/:username': () => ({
    displayName: 'Renamed',
    role: 'viewer',
  }),
  'POST /api/access/users/:username/reset-password': () => ({
    password: NEW_PASSWORD,
  }),
  'POST /api/access/me/password': () => ({
    currentPassword: PASSWORD,
    newPassword: NEW_PASSWORD,
  }),
  'POST /api/vault/credentials': f => ({
    kind: 'password',
    name: `db-${f.n}`,
    password: 'not-a-real-password',
  }),
  'PUT /api/vault/credentials/:id': f => ({ name: `renamed-${f.n}` }),
  // Loopback addresses only: the connection test of a pass runs on the
  // fixture machine after it is updated, and must not leave this host.
  'POST /api/machines/machines': f => ({
    ip: `127.0.1.${f.n + 1}`,
    hostname: `new-${f.n}`,
  }),
  'PUT /api/machines/machines/:id': f => ({
    ip: `127.0.0.${f.n + 1}`,
    hostname: `renamed-${f.n}`,
    sshPort: f.sshPort,
  }),
  'POST /api/machines/bulk-imports': f => ({
    text: `127.0.2.${f.n + 1},bulk-${f.n}`,
  }),
  'POST /api/machines/machines/lookup': f => ({
    ids: [f.machineId],
    ips: [`127.0.0.${f.n + 1}`],
  }),
  'POST /api/machines/groups': f => ({ name: `new-${f.n}` }),
  'PUT /api/machines/groups/:id': f => ({ name: `renamed-${f.n}` }),
  'POST /api/machines/connection-tests': f => ({ machineIds: [f.machineId] }),
  // The fixture machine's host key was never pinned: 409 for those allowed.
  'POST /api/terminal/sessions': f => ({
    machineId: f.machineId,
    credentialId: f.credentialId,
  }),
  // The fixture machine (127.0.0.n+1) is registered, so it may be a node.
  'POST /api/clusters/clusters': f => ({
    name: `new-${f.n}`,
    environment: 'test',
    masters: [`127.0.0.${f.n + 1}`],
  }),
  'PATCH /api/clusters/clusters/:id': () => ({ description: 'changed' }),
  'POST /api/clusters/clusters/:id/topology/preview': f => ({
    masters: [`127.0.0.${f.n + 1}`],
  }),
  'PUT /api/clusters/clusters/:id/topology': f => ({
    masters: [`127.0.0.${f.n + 1}`],
  }),
  'POST /api/clusters/ip-lookup': f => ({ ips: [`127.0.0.${f.n + 1}`] }),
  // The machine's host key is not pinned: the run is accepted, its host fails.
  'POST /api/clusters/runs': f => ({
    targets: { machineIds: [f.machineId] },
    script: 'true',
    credentialId: f.credentialId,
  }),
  'POST /api/clusters/runs/:id/rerun': () => ({ targets: 'all' }),
  'POST /api/clusters/snippets': f => ({
    name: `new-${f.n}`,
    script: 'uptime',
  }),
  'PUT /api/clusters/snippets/:id': f => ({
    name: `renamed-${f.n}`,
    script: 'uptime',
  }),
  'POST /api/automation/projects': f => ({
    name: `new-${f.n}`,
    source: { kind: 'files' },
  }),
  'PUT /api/automation/projects/:id': () => ({ description: 'changed' }),
  'POST /api/automation/projects/:id/versions': () => ({
    baseVersion: 1,
    message: 'a change',
    files: [{ path: 'site.yml', content: '- hosts: all\n  tasks: []\n' }],
  }),
  'POST /api/automation/projects/:id/versions/:version/restore': () => ({}),
  'POST /api/automation/projects/:id/checks': () => ({}),
  'POST /api/automation/inventories': f => ({
    name: `new-${f.n}`,
    source: { kind: 'registry', machineIds: [f.machineId] },
  }),
  'POST /api/automation/inventories/preview': f => ({
    name: `preview-${f.n}`,
    source: { kind: 'registry', machineIds: [f.machineId] },
  }),
  'PUT /api/automation/inventories/:id': () => ({ description: 'changed' }),
  'POST /api/automation/templates': f => ({
    name: `new-${f.n}`,
    projectId: f.projectId,
    playbook: 'site.yml',
    inventoryId: f.inventoryId,
    sshCredentialId: f.credentialId,
  }),
  'PUT /api/automation/templates/:id': () => ({ description: 'changed' }),
  // The fixture machine's host key is not pinned: 400 for those allowed.
  'POST /api/automation/templates/:id/runs': () => ({}),
  'POST /api/automation/runs/:id/rerun': () => ({ targets: 'all' }),
  'POST /api/automation/schedules': f => ({
    templateId: f.templateId,
    name: `new-${f.n}`,
    cron: '0 3 * * *',
    timezone: 'Europe/Paris',
    enabled: false,
  }),
  'PUT /api/automation/schedules/:id': f => ({
    templateId: f.templateId,
    name: `renamed-${f.n}`,
    cron: '30 4 * * 1-5',
    timezone: 'UTC',
    enabled: false,
  }),
  'POST /api/automation/schedules/preview': () => ({
    cron: '0 3 * * *',
    timezone: 'UTC',
  }),
};

describe('route × role matrix of the OpsSight backend plugins', () => {
  let server: Awaited<ReturnType<typeof startOpsSightBackend>>['server'];
  let routes: Route[];
  let handlerCounts: Record<string, number>;
  /** Handlers that are not routers: their routes cannot be enumerated. */
  let opaque: string[];
  let publicPolicies: string[];
  /** `${caller} ${method} ${url}` → status */
  const statuses = new Map<string, number>();
  const bodies = new Map<string, string>();
  let sshPort: number;

  async function call(
    method: string,
    url: string,
    auth: string | undefined,
    body?: object,
  ) {
    let test =
      request(server)[
        method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'
      ](url);
    if (auth) test = test.set('Authorization', auth);
    if (body !== undefined) test = test.send(body);
    return test;
  }

  /** Creates, as admin, a fresh set of things for one caller's pass. */
  async function fixtures(n: number): Promise<Fixtures> {
    const admin = asUser(USERS.admin);
    const ok = async (res: request.Response, what: string) => {
      if (res.status >= 300) {
        throw new Error(`Creating ${what}: ${res.status} ${res.text}`);
      }
      return res.body;
    };
    const username = `target-${n}`;
    await ok(
      await call('POST', '/api/access/users', admin, {
        username,
        role: 'viewer',
        password: PASSWORD,
      }),
      'a user',
    );
    const credential = await ok(
      await call('POST', '/api/vault/credentials', admin, {
        kind: 'password',
        name: `shared-${n}`,
        scope: 'shared',
        password: 'not-a-real-password',
      }),
      'a credential',
    );
    const group = await ok(
      await call('POST', '/api/machines/groups', admin, { name: `g-${n}` }),
      'a group',
    );
    const machine = await ok(
      await call('POST', '/api/machines/machines', admin, {
        ip: `127.0.0.${n + 1}`,
        hostname: `fixture-${n}`,
        sshPort,
        sshUser: 'fixture',
        groups: [`g-${n}`],
      }),
      'a machine',
    );
    const connectionTest = await ok(
      await call('POST', '/api/machines/connection-tests', admin, {
        machineIds: [machine.id],
      }),
      'a connection test',
    );
    const cluster = await ok(
      await call('POST', '/api/clusters/clusters', admin, {
        name: `c-${n}`,
        environment: 'test',
        masters: [machine.ip],
      }),
      'a cluster',
    );
    const snippet = await ok(
      await call('POST', '/api/clusters/snippets', admin, {
        name: `s-${n}`,
        script: 'uptime',
      }),
      'a snippet',
    );
    const bulkRun = await ok(
      await call('POST', '/api/clusters/runs', admin, {
        targets: { machineIds: [machine.id] },
        script: 'true',
        credentialId: credential.id,
      }),
      'a bulk run',
    );
    const project = await ok(
      await call('POST', '/api/automation/projects', admin, {
        name: `p-${n}`,
        source: { kind: 'files' },
      }),
      'a project',
    );
    const inventory = await ok(
      await call('POST', '/api/automation/inventories', admin, {
        name: `i-${n}`,
        source: { kind: 'registry', machineIds: [machine.id] },
      }),
      'an inventory',
    );
    const template = await ok(
      await call('POST', '/api/automation/templates', admin, {
        name: `t-${n}`,
        projectId: project.id,
        playbook: 'site.yml',
        inventoryId: inventory.id,
        sshCredentialId: credential.id,
      }),
      'a template',
    );
    const schedule = await ok(
      await call('POST', '/api/automation/schedules', admin, {
        templateId: template.id,
        name: `s-${n}`,
        cron: '0 3 * * *',
        timezone: 'UTC',
        enabled: false,
      }),
      'a schedule',
    );
    return {
      n,
      sshPort,
      username,
      projectId: project.id,
      inventoryId: inventory.id,
      templateId: template.id,
      scheduleId: schedule.id,
      clusterId: cluster.id,
      clusterName: cluster.name,
      bulkRunId: bulkRun.id,
      snippetId: snippet.id,
      credentialId: credential.id,
      machineId: machine.id,
      groupId: group.id,
      connectionTestId: connectionTest.id,
    };
  }

  function urlOf(route: Route, f: Fixtures): string {
    return route.url.replace(/\/:(\w+)/g, (_, param, offset: number) => {
      const segment = route.url.slice(0, offset).split('/').pop();
      const value = PARAMS[`${route.plugin} ${segment}`];
      if (!value) {
        throw new Error(
          `No value for :${param} of ${routeKey(route)}: add one to PARAMS`,
        );
      }
      return `/${encodeURIComponent(value(f))}`;
    });
  }

  function authFor(caller: Caller, route: Route): string | undefined {
    if (caller === 'none') return undefined;
    const user = USERS[caller];
    return VIA_PLUGIN.has(routeKey(route)) || isApplyConditions(route)
      ? viaPlugin(user)
      : asUser(user);
  }

  beforeAll(async () => {
    sshPort = await freePort(); // nothing listens: connection tests fail fast
    const started = await startOpsSightBackend({ roles: ROLES });
    server = started.server;

    handlerCounts = {};
    opaque = [];
    routes = [];
    for (const plugin of OPSSIGHT_PLUGIN_IDS) {
      const handlers = started.mounted.handlers.get(plugin) ?? [];
      handlerCounts[plugin] = handlers.length;
      for (const handler of handlers) {
        if (!('stack' in handler)) {
          opaque.push(`${plugin}: ${handler.name || 'an anonymous handler'}`);
        }
        for (const { method, path } of routesOf(handler)) {
          routes.push({ plugin, method, url: `/api/${plugin}${path}` });
        }
      }
    }
    // Auth policies open paths to requests without (full) credentials.
    publicPolicies = OPSSIGHT_PLUGIN_IDS.flatMap(plugin =>
      (started.mounted.authPolicies.get(plugin) ?? []).map(
        p => `${p.allow}: /api/${plugin}${p.path}`,
      ),
    );

    // A local account for each signed-in user, for the self-service routes.
    for (const [ref, role] of Object.entries(ROLES)) {
      const res = await call('POST', '/api/access/users', asUser(USERS.admin), {
        username: ref.split('/')[1],
        role,
        password: PASSWORD,
      });
      if (res.status !== 201) {
        throw new Error(`Creating the account of ${ref}: ${res.text}`);
      }
    }

    // Each caller in turn, on fresh fixtures; deletions last, deepest first
    // (a machine's host key before the machine), so that every route of a
    // pass finds what it acts on.
    const depth = (r: Route) => r.url.split('/').length;
    const ordered = [
      ...routes.filter(r => r.method !== 'DELETE'),
      ...routes
        .filter(r => r.method === 'DELETE')
        .sort((a, b) => depth(b) - depth(a)),
    ];
    for (const [n, caller] of CALLERS.entries()) {
      const f = await fixtures(n);
      for (const route of ordered) {
        // An empty question for apply-conditions: nothing to evaluate, nothing changed.
        const body = isApplyConditions(route)
          ? { items: [] }
          : BODIES[routeKey(route)]?.(f);
        const res = await call(
          route.method,
          urlOf(route, f),
          authFor(caller, route),
          body,
        );
        statuses.set(`${caller} ${routeKey(route)}`, res.status);
        bodies.set(`${caller} ${routeKey(route)}`, res.text);
      }
    }
  });

  /** The whole matrix, for failure messages. */
  function table(): string {
    const width = Math.max(...routes.map(r => routeKey(r).length));
    const header = `${'route'.padEnd(width)}  ${CALLERS.map(c =>
      c.padStart(10),
    ).join('')}`;
    const rows = routes.map(
      r =>
        `${routeKey(r).padEnd(width)}  ${CALLERS.map(c =>
          String(statuses.get(`${c} ${routeKey(r)}`) ?? '-').padStart(10),
        ).join('')}`,
    );
    return [header, ...rows].join('\n');
  }

  /**
   * What is wrong with the caller's statuses on the routes `applies` picks:
   * each problem and then the whole matrix, or '' when all is well.
   */
  function problems(
    caller: Caller,
    applies: (route: Route) => boolean,
    expected: string,
    ok: (status: number) => boolean,
  ): string {
    const checked = routes.filter(applies);
    if (!checked.length) {
      return `No route to check for ${caller}: is the matrix empty?`;
    }
    const found = checked.flatMap(route => {
      const key = `${caller} ${routeKey(route)}`;
      const status = statuses.get(key);
      return status !== undefined && ok(status)
        ? []
        : [
            `${caller} on ${routeKey(
              route,
            )}: expected ${expected}, got ${status} ${bodies
              .get(key)
              ?.slice(0, 300)}`,
          ];
    });
    return found.length
      ? `${found.join('\n')}\n\nroute × caller → status:\n${table()}`
      : '';
  }

  it('finds the routes in every OpsSight router, and nothing but routers', () => {
    const empty = OPSSIGHT_PLUGIN_IDS.filter(
      plugin =>
        !handlerCounts[plugin] || !routes.some(r => r.plugin === plugin),
    );
    expect(
      empty.length
        ? `No routes captured for ${empty.join(', ')}:\n${table()}`
        : '',
    ).toBe('');
    expect(opaque).toEqual([]);
    expect(new Set(routes.map(routeKey)).size).toBe(routes.length);
  });

  it('documents every route in its OpenAPI spec, and has a route for every documented one', async () => {
    const mismatches: string[] = [];
    for (const plugin of OPSSIGHT_PLUGIN_IDS) {
      const res = await call(
        'GET',
        `/api/${plugin}/openapi.json`,
        asUser(USERS.admin),
      );
      expect([plugin, res.status]).toEqual([plugin, 200]);
      const documented = Object.entries(
        res.body.paths as Record<string, Record<string, unknown>>,
      ).flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter(m => MUTATIONS.has(m.toUpperCase()) || m === 'get')
          .map(
            m =>
              `${m.toUpperCase()} ${path
                .replace(/^\/api\/[^/]+/, '')
                .replace(/\{(\w+)\}/g, ':$1')}`,
          ),
      );
      const served = routes
        .filter(r => r.plugin === plugin && !isPermissionIntegration(r.url))
        .map(r => `${r.method} ${r.url.slice(`/api/${plugin}`.length)}`)
        .filter(k => k !== 'GET /openapi.json');
      const undocumented = served.filter(k => !documented.includes(k));
      const unserved = documented.filter(k => !served.includes(k));
      if (undocumented.length || unserved.length) {
        mismatches.push(
          `${plugin}: undocumented ${JSON.stringify(
            undocumented,
          )}, documented but not served ${JSON.stringify(unserved)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('has no public routes: no plugin adds an auth policy beyond the designed ones', () => {
    const designed = [...DESIGNED_PUBLIC].map(key => key.split(' ')[1]);
    expect(
      publicPolicies.filter(
        policy => !designed.some(url => url.startsWith(policy.split(': ')[1])),
      ),
    ).toEqual([]);
  });

  it('answers 401 to a request without identity, on every route', () => {
    expect(
      problems(
        'none',
        r => !DESIGNED_PUBLIC.has(routeKey(r)),
        '401',
        s => s === 401,
      ),
    ).toBe('');
  });

  it('refuses a viewer every mutation with 403, self-service excepted', () => {
    expect(
      problems(
        'viewer',
        r =>
          MUTATIONS.has(r.method) &&
          !READS_BY_POST.has(routeKey(r)) &&
          !isSelfService(r.url) &&
          !isPermissionIntegration(r.url),
        '403',
        s => s === 403,
      ),
    ).toBe('');
  });

  it('lets a viewer use the self-service routes (/me, /me/password)', () => {
    expect(
      problems(
        'viewer',
        r => isSelfService(r.url),
        'neither 401 nor 403',
        s => s !== 401 && s !== 403,
      ),
    ).toBe('');
  });

  it('lets a viewer use the reads made by POST (the wizard IP lookup)', () => {
    expect(
      problems(
        'viewer',
        r => READS_BY_POST.has(routeKey(r)),
        '200',
        s => s === 200,
      ),
    ).toBe('');
  });

  it("lets a viewer follow a connection test's job (the job and its event stream) but not start one", () => {
    const reads = [
      'GET /api/machines/connection-tests/:id',
      'GET /api/machines/connection-tests/:id/events',
    ];
    expect(
      problems(
        'viewer',
        r => reads.includes(routeKey(r)),
        '200',
        s => s === 200,
      ),
    ).toBe('');
    expect(
      problems(
        'viewer',
        r => routeKey(r) === 'POST /api/machines/connection-tests',
        '403',
        s => s === 403,
      ),
    ).toBe('');
    expect(
      problems(
        'operator',
        r => routeKey(r).startsWith('POST /api/machines/connection-tests'),
        '202',
        s => s === 202,
      ),
    ).toBe('');
  });

  it('refuses an operator every user and role management route with 403', () => {
    expect(
      problems(
        'operator',
        r => isUserManagement(r.url),
        '403',
        s => s === 403,
      ),
    ).toBe('');
  });

  it('lets an operator create automation but leaves deleting it to Admins', () => {
    const creations = [
      'POST /api/automation/projects',
      'POST /api/automation/inventories',
      'POST /api/automation/templates',
      'POST /api/automation/schedules',
    ];
    expect(
      problems(
        'operator',
        r => creations.includes(routeKey(r)),
        '201',
        s => s === 201,
      ),
    ).toBe('');
    expect(
      problems(
        'operator',
        r => r.plugin === 'automation' && r.method === 'DELETE',
        '403',
        s => s === 403,
      ),
    ).toBe('');
  });

  it('never refuses an admin', () => {
    expect(
      problems(
        'admin',
        () => true,
        'neither 401 nor 403',
        s => s !== 401 && s !== 403,
      ),
    ).toBe('');
  });
});
