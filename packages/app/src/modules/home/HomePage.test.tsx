import { screen, waitFor, within } from '@testing-library/react';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { roleAllows, type Role } from '@opssight/plugin-access-common';
import { HomePage } from './HomePage';

jest.setTimeout(30_000);

type Reply = { status?: number; body: unknown };
type Routes = Record<string, Reply>;

const machine = (id: string, hostname: string, lastCheck: unknown) => ({
  id,
  ip: `10.0.0.${id}`,
  hostname,
  application: '',
  sshPort: 22,
  sshUser: 'root',
  description: '',
  groups: [],
  tags: [],
  owner: 'group:default/platform-team',
  hostKeyFingerprint: null,
  defaultCredentialId: null,
  lastCheck,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

const check = (fields: object) => ({
  machineId: 'x',
  reachable: true,
  sshOk: false,
  fingerprint: null,
  latencyMs: null,
  errorKind: null,
  message: null,
  checkedAt: new Date().toISOString(),
  ...fields,
});

const cluster = (id: string, name: string, state: string) => ({
  id,
  name,
  description: '',
  environment: 'prod',
  owner: 'group:default/platform-team',
  loadBalancerIp: null,
  apiUrl: null,
  apiCaData: null,
  apiTokenCredentialId: null,
  nodes: [],
  health: {
    state,
    summary: `${name} summary`,
    checkedAt: null,
    ssh: { total: 3, reachable: 2 },
    api: null,
  },
  createdBy: 'user:default/admin',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

const FULL: Routes = {
  'machines/machines': {
    body: {
      items: [
        machine('1', 'web-1', check({ sshOk: true, latencyMs: 3 })),
        machine('2', 'web-2', check({ sshOk: true, latencyMs: 4 })),
        machine('3', 'db-1', check({ errorKind: 'hostkey' })),
        machine('4', 'db-2', check({ reachable: false, errorKind: 'timeout' })),
        machine('5', 'new-1', null),
      ],
      totalCount: 5,
    },
  },
  'clusters/clusters': {
    body: {
      items: [
        cluster('c1', 'prod-eu', 'healthy'),
        cluster('c2', 'staging', 'degraded'),
      ],
      totalCount: 2,
    },
  },
  'clusters/runs': {
    body: {
      items: [
        {
          id: 'r1',
          kind: 'bulk-script',
          title: 'uptime on prod-eu',
          subject: 'cluster:c1',
          status: 'running',
          createdBy: 'user:default/olga',
          createdAt: new Date().toISOString(),
          startedAt: null,
          finishedAt: null,
          cancelRequested: false,
          timeoutMs: null,
          error: null,
          params: {},
          rerunOf: null,
          progress: { total: 3, done: 1, failed: 0 },
        },
      ],
      totalCount: 1,
    },
  },
  'terminal/recordings': {
    body: {
      items: [
        {
          id: 'rec1',
          userRef: 'user:default/sam',
          machineId: '1',
          machineHostname: 'web-1',
          machineIp: '10.0.0.1',
          credentialId: 'k',
          username: 'deploy',
          cols: 80,
          rows: 24,
          startedAt: new Date().toISOString(),
          endedAt: null,
          endReason: null,
          lastEventAt: null,
          bytesOut: 10,
          hasInput: true,
        },
      ],
      totalCount: 1,
    },
  },
  'audit/entries?action=sign-in': {
    body: {
      items: [
        {
          seq: 7,
          time: new Date().toISOString(),
          plugin: 'auth',
          actor: 'anonymous',
          action: 'sign-in',
          target: null,
          outcome: 'failed',
          severity: 'medium',
          requestId: 'q',
          clientAddress: '192.0.2.9',
          details: { meta: { username: 'mallory' } },
          prevHash: '',
          hash: '',
        },
      ],
      totalCount: 1,
    },
  },
  'audit/entries?action=machine-host-key-forget': {
    body: {
      items: [
        {
          seq: 8,
          time: new Date().toISOString(),
          plugin: 'machines',
          actor: 'user:default/olga',
          action: 'machine-host-key-forget',
          target: '3',
          outcome: 'succeeded',
          severity: 'medium',
          requestId: 'q',
          clientAddress: null,
          details: {},
          prevHash: '',
          hash: '',
        },
      ],
      totalCount: 1,
    },
  },
};

/** The backends as the fetchApi sees them: replies by plugin and path (query prefix). */
function backends(routes: Routes) {
  const urls: string[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    urls.push(url.pathname + url.search);
    const path = url.pathname.replace(/^\/api\//, '');
    const key = Object.keys(routes)
      .filter(k => {
        const [p, q] = k.split('?');
        return p === path && (!q || url.search.includes(q));
      })
      .sort((a, b) => b.length - a.length)[0];
    const reply: Reply = key
      ? routes[key]
      : {
          status: 404,
          body: { error: { name: 'NotFoundError', message: 'no' } },
        };
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { fetch, urls };
}

/** The permission backend with OpsSight's role matrix. */
function permissionsOf(role: Role): PermissionApi {
  return {
    authorize: async ({ permission }) => ({
      result: roleAllows(role, permission) ? 'ALLOW' : 'DENY',
    }),
  } as PermissionApi;
}

function renderHome(role: Role, routes: Routes = FULL) {
  const { fetch, urls } = backends(routes);
  renderInTestApp(<HomePage />, {
    apis: [
      [fetchApiRef, { fetch }],
      [
        discoveryApiRef,
        { getBaseUrl: async (id: string) => `http://backend/api/${id}` },
      ],
      [permissionApiRef, permissionsOf(role)],
      mockApis.identity({ userEntityRef: 'user:default/sam' }),
    ] as any,
  });
  return { urls };
}

const tile = (id: string) => screen.findByTestId(`home-tile-${id}`);

describe('HomePage', () => {
  it('shows an admin every tile: counts by status, runs, sessions, failed sign-ins and host-key changes', async () => {
    renderHome('admin');

    const machines = await tile('machines');
    await waitFor(() =>
      expect(machines).toHaveTextContent(
        '5 machines, by their last connection test',
      ),
    );
    expect(machines).toHaveTextContent(/SSH ok\s*2/);
    expect(machines).toHaveTextContent(/Host key changed\s*1/);
    expect(machines).toHaveTextContent(/Unreachable\s*1/);
    expect(machines).toHaveTextContent(/Never tested\s*1/);
    expect(
      within(machines).getByRole('link', { name: 'Machines' }),
    ).toHaveAttribute('href', '/machines');

    const clusters = await tile('clusters');
    await waitFor(() => expect(clusters).toHaveTextContent(/Healthy\s*1/));
    expect(clusters).toHaveTextContent(/Degraded\s*1/);
    expect(
      within(clusters).getByRole('link', { name: 'staging' }),
    ).toHaveAttribute('href', '/clusters/c2');

    const jobs = await tile('jobs');
    await waitFor(() => expect(jobs).toHaveTextContent('uptime on prod-eu'));
    expect(jobs).toHaveTextContent('running');
    expect(jobs).toHaveTextContent('olga');
    expect(jobs).toHaveTextContent('1/3 hosts');

    const sessions = await tile('sessions');
    await waitFor(() => expect(sessions).toHaveTextContent('deploy@web-1'));
    expect(sessions).toHaveTextContent('still open');

    const signIns = await tile('failed-sign-ins');
    await waitFor(() => expect(signIns).toHaveTextContent('mallory'));
    expect(signIns).toHaveTextContent('from 192.0.2.9');

    const hostKeys = await tile('host-keys');
    await waitFor(() =>
      expect(hostKeys).toHaveTextContent('db-1: pinned key forgotten'),
    );
    expect(hostKeys).toHaveTextContent('by olga');
    expect(hostKeys).toHaveTextContent(
      '1 machines answered with a host key other than the pinned one',
    );

    const actions = screen.getByRole('group', { name: 'Quick actions' });
    expect(
      within(actions)
        .getAllByRole('link')
        .map(a => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      ['Add machine', '/machines'],
      ['Open terminal', '/terminal'],
      ['Create cluster', '/create/templates/default/kubernetes-cluster'],
      ['Run script', '/clusters/runs/new'],
    ]);
  });

  it('shows an operator their sessions but no audit tiles, and never asks the audit backend', async () => {
    const { urls } = renderHome('operator');
    await waitFor(() =>
      expect(screen.getByTestId('home-tile-sessions')).toHaveTextContent(
        'deploy@web-1',
      ),
    );
    expect(urls).toContain(
      '/api/terminal/recordings?user=user%3Adefault%2Fsam&limit=5',
    );
    expect(screen.queryByTestId('home-tile-failed-sign-ins')).toBeNull();
    expect(screen.queryByTestId('home-tile-host-keys')).toBeNull();
    expect(urls.some(u => u.startsWith('/api/audit'))).toBe(false);
    expect(
      screen.getByRole('group', { name: 'Quick actions' }),
    ).toBeInTheDocument();
  });

  it('shows a viewer the read-only tiles and no quick actions', async () => {
    const { urls } = renderHome('viewer');
    await tile('machines');
    await tile('clusters');
    await tile('jobs');
    await waitFor(() =>
      expect(screen.getByTestId('home-tile-jobs')).toHaveTextContent(
        'uptime on prod-eu',
      ),
    );
    expect(screen.queryByTestId('home-tile-sessions')).toBeNull();
    expect(screen.queryByTestId('home-tile-failed-sign-ins')).toBeNull();
    expect(screen.queryByRole('group', { name: 'Quick actions' })).toBeNull();
    expect(urls.some(u => u.startsWith('/api/terminal'))).toBe(false);
  });

  it('hides a tile the backend refuses (403) instead of showing an error', async () => {
    renderHome('admin', {
      ...FULL,
      'clusters/runs': {
        status: 403,
        body: { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
      },
    });
    await tile('machines');
    await waitFor(() =>
      expect(screen.getByTestId('home-tile-clusters')).toHaveTextContent(
        'Healthy',
      ),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('home-tile-jobs')).toBeNull(),
    );
    expect(screen.queryByText(/Unauthorized/)).toBeNull();
  });

  it('shows the server message of any other failure, without JSON or a stack', async () => {
    renderHome('admin', {
      ...FULL,
      'clusters/clusters': {
        status: 500,
        body: {
          error: {
            name: 'Error',
            message: 'The clusters database is not answering',
            stack: 'Error: boom\n    at Object.<anonymous> (router.ts:1:1)',
          },
        },
      },
    });
    const clusters = await tile('clusters');
    await waitFor(() =>
      expect(clusters).toHaveTextContent(
        'Could not load this: The clusters database is not answering',
      ),
    );
    expect(clusters).not.toHaveTextContent('router.ts');
    expect(clusters).not.toHaveTextContent('{');
  });

  it('says what to do when there is nothing yet', async () => {
    renderHome('operator', {
      'machines/machines': { body: { items: [], totalCount: 0 } },
      'clusters/clusters': { body: { items: [], totalCount: 0 } },
      'clusters/runs': { body: { items: [], totalCount: 0 } },
      'terminal/recordings': { body: { items: [], totalCount: 0 } },
    });
    for (const [id, text] of [
      ['machines', 'No machines yet. Add them on the Machines page'],
      ['clusters', 'No clusters yet.'],
      ['jobs', 'No scripts have run yet.'],
      ['sessions', 'You have not opened a terminal yet.'],
    ]) {
      await waitFor(() =>
        expect(screen.getByTestId(`home-tile-${id}`)).toHaveTextContent(text),
      );
    }
  });
});
