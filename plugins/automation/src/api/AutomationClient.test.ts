import { clientTest } from '@opssight/plugin-api-react/testing';
import { AutomationClient } from './AutomationClient';

const automation = clientTest('automation', AutomationClient);
const { setup, json, baseUrl: BASE } = automation;

const project = { name: 'web', source: { kind: 'files' as const } };
const inventory = {
  name: 'web',
  source: { kind: 'static' as const, format: 'ini' as const, text: 'web-1' },
};
const schedule = {
  templateId: 't1',
  name: 'nightly',
  cron: '0 3 * * *',
  timezone: 'Europe/Paris',
  enabled: true,
  catchUp: 'skip' as const,
};

describe('AutomationClient', () => {
  automation.itSendsTheFilters(
    '/runs',
    c => c.listRuns({ templateId: 't 1', status: 'failed', limit: 25 }),
    { templateId: 't 1', status: 'failed', limit: '25' },
    c => c.listRuns(),
  );

  automation.itSendsTheFilters(
    '/templates',
    c => c.listTemplates({ projectId: 'p1', offset: 25 }),
    { projectId: 'p1', offset: '25' },
    c => c.listTemplates(),
  );

  automation.itSends([
    ['getRunDefaults', c => c.getRunDefaults(), 'GET', '/defaults'],
    ['getSummary', c => c.getSummary(), 'GET', '/summary'],
    ['getProject', c => c.getProject('p/1'), 'GET', '/projects/p%2F1'],
    [
      'createProject',
      c => c.createProject(project),
      'POST',
      '/projects',
      project,
    ],
    [
      'updateProject',
      c => c.updateProject('p1', { description: 'd' }),
      'PUT',
      '/projects/p1',
      { description: 'd' },
    ],
    ['listVersions', c => c.listVersions('p1'), 'GET', '/projects/p1/versions'],
    [
      'getVersionFiles',
      c => c.getVersionFiles('p1', 3),
      'GET',
      '/projects/p1/versions/3/files',
    ],
    [
      'saveVersion',
      c =>
        c.saveVersion('p1', {
          baseVersion: 2,
          message: 'm',
          files: [{ path: 'site.yml', content: 'x' }],
        }),
      'POST',
      '/projects/p1/versions',
      {
        baseVersion: 2,
        message: 'm',
        files: [{ path: 'site.yml', content: 'x' }],
      },
    ],
    [
      'restoreVersion',
      c => c.restoreVersion('p1', 1, 'back'),
      'POST',
      '/projects/p1/versions/1/restore',
      { message: 'back' },
    ],
    [
      'diffVersions',
      c => c.diffVersions('p1', 1, 2),
      'GET',
      '/projects/p1/diff?from=1&to=2',
    ],
    [
      'listPlaybooks',
      c => c.listPlaybooks('p1'),
      'GET',
      '/projects/p1/playbooks',
    ],
    ['startCheck', c => c.startCheck('p1'), 'POST', '/projects/p1/checks'],
    [
      'getLatestCheck',
      c => c.getLatestCheck('p1'),
      'GET',
      '/projects/p1/checks/latest',
    ],
    ['getInventory', c => c.getInventory('i1'), 'GET', '/inventories/i1'],
    [
      'createInventory',
      c => c.createInventory(inventory),
      'POST',
      '/inventories',
      inventory,
    ],
    [
      'updateInventory',
      c => c.updateInventory('i1', inventory),
      'PUT',
      '/inventories/i1',
      inventory,
    ],
    [
      'getResolvedInventory',
      c => c.getResolvedInventory('i1'),
      'GET',
      '/inventories/i1/resolved',
    ],
    [
      'previewInventory',
      c => c.previewInventory(inventory),
      'POST',
      '/inventories/preview',
      inventory,
    ],
    ['getTemplate', c => c.getTemplate('t1'), 'GET', '/templates/t1'],
    [
      'startRun',
      c => c.startRun('t1', { answers: { region: 'eu' } }),
      'POST',
      '/templates/t1/runs',
      { answers: { region: 'eu' } },
    ],
    ['getRun', c => c.getRun('r1'), 'GET', '/runs/r1'],
    ['getRunResults', c => c.getRunResults('r1'), 'GET', '/runs/r1/results'],
    [
      'getTaskResult',
      c => c.getTaskResult('r1', 'web 1', 't/2'),
      'GET',
      '/runs/r1/results/web%201/t%2F2',
    ],
    [
      'getRunInventory',
      c => c.getRunInventory('r1'),
      'GET',
      '/runs/r1/inventory',
    ],
    [
      'rerun',
      c => c.rerun('r1', 'failed'),
      'POST',
      '/runs/r1/rerun',
      { targets: 'failed' },
    ],
    [
      'createSchedule',
      c => c.createSchedule(schedule),
      'POST',
      '/schedules',
      schedule,
    ],
    [
      'updateSchedule',
      c => c.updateSchedule('s1', schedule),
      'PUT',
      '/schedules/s1',
      schedule,
    ],
    [
      'previewSchedule',
      c => c.previewSchedule('0 3 * * *', 'UTC'),
      'POST',
      '/schedules/preview',
      { cron: '0 3 * * *', timezone: 'UTC' },
    ],
  ]);

  it('deletes and cancels with no body expected back', async () => {
    const { client, requests } = setup(
      () => new Response(null, { status: 204 }),
    );
    await client.deleteProject('p1');
    await client.deleteInventory('i1');
    await client.deleteTemplate('t1');
    await client.deleteSchedule('s1');
    await client.cancelRun('r1');
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `DELETE ${BASE}/projects/p1`,
      `DELETE ${BASE}/inventories/i1`,
      `DELETE ${BASE}/templates/t1`,
      `DELETE ${BASE}/schedules/s1`,
      `POST ${BASE}/runs/r1/cancel`,
    ]);
  });

  it('unwraps the answers that carry a list in a field', async () => {
    const answers: Record<string, unknown> = {
      '/projects/p1/versions/2/files': {
        version: { number: 2 },
        files: [{ path: 'site.yml', content: 'x' }],
      },
      '/projects/p1/diff': {
        from: 1,
        to: 2,
        changes: [{ path: 'site.yml', status: 'modified', patch: '' }],
      },
      '/projects/p1/playbooks': { items: ['site.yml'], totalCount: 1 },
      '/schedules/preview': { next: ['2026-01-02T03:00:00.000Z'] },
      '/runs/r1/inventory': { sha256: 'ab', inventory: { hosts: [] } },
    };
    const { client } = setup(request =>
      json(
        answers[
          new URL(request.url).pathname.replace(/^\/api\/automation/, '')
        ],
      ),
    );
    expect(await client.getVersionFiles('p1', 2)).toEqual([
      { path: 'site.yml', content: 'x' },
    ]);
    expect(await client.diffVersions('p1', 1, 2)).toEqual([
      { path: 'site.yml', status: 'modified', patch: '' },
    ]);
    expect(await client.listPlaybooks('p1')).toEqual(['site.yml']);
    expect(await client.previewSchedule('0 3 * * *', 'UTC')).toEqual([
      '2026-01-02T03:00:00.000Z',
    ]);
    expect(await client.getRunInventory('r1')).toEqual({ hosts: [] });
  });

  it('reads a project never checked as no check, and names the events stream without a token', async () => {
    const { client } = setup(() =>
      automation.errorResponse(
        'NotFoundError',
        "project 'web' has not been checked yet",
        404,
      ),
    );
    expect(await client.getLatestCheck('p1')).toBeNull();
    expect(await client.runEventsUrl('r 1')).toBe(`${BASE}/runs/r%201/events`);
  });

  it('asks the clusters backend for the clusters, and offers none without it', async () => {
    const { client, requests } = setup(
      () =>
        json({
          items: [{ id: 'c1', name: 'prod-eu', nodes: [] }],
          totalCount: 1,
        }),
      'http://localhost:7007/api/clusters',
    );
    expect(await client.listClusters()).toEqual([
      { id: 'c1', name: 'prod-eu' },
    ]);
    expect(requests[0].url).toBe(
      'http://localhost:7007/api/clusters/clusters?limit=500',
    );
    const without = setup(() =>
      automation.errorResponse('NotFoundError', 'Not found', 404),
    );
    expect(await without.client.listClusters()).toEqual([]);
  });

  automation.itSurfacesServerErrors(
    client =>
      client.saveVersion('p1', { baseVersion: 1, message: 'm', files: [] }),
    [
      [
        409,
        'ConflictError',
        'version 1 is not the latest: someone saved in between',
      ],
      [400, 'InputError', 'files: a tree needs at least one file'],
    ],
  );
});
