import { Cluster } from '@opssight/plugin-clusters-common';
import { auditEvents } from '@opssight/plugin-testing-node';
import {
  ALICE,
  startClustersBackend,
  VIC,
} from './__testUtils__/clustersBackend';

jest.setTimeout(60_000);

/** The backend with machines m1 and w1, and Alice's cluster 'prod' on m1. */
async function startWithProd() {
  const t = await startClustersBackend();
  await t.machine({ ip: '10.0.0.11', hostname: 'm1' });
  await t.machine({ ip: '10.0.0.21', hostname: 'w1' });
  const created = await t.call('post', '/api/clusters/clusters', ALICE, {
    name: 'prod',
    environment: 'production',
    masters: ['10.0.0.11'],
  });
  expect(created.status).toBe(201);
  return { t, created };
}

describe('clusters router with roles', () => {
  it('lets a viewer read but refuses every change with 403, changing nothing and auditing the denial', async () => {
    const { t, created } = await startWithProd();
    const { warnings: _, ...cluster } = created.body as Cluster & {
      warnings: string[];
    };
    const path = `/api/clusters/clusters/${cluster.id}`;

    for (const [method, url, body] of [
      ['get', '/api/clusters/clusters'],
      ['get', path],
      ['get', '/api/clusters/clusters/by-name/prod'],
      ['get', `${path}/history`],
      ['get', `${path}/inventory`],
      ['post', '/api/clusters/ip-lookup', { ips: ['10.0.0.11'] }],
    ] as const) {
      const res = await t.call(method, url, VIC, body);
      expect([method, url, res.status]).toEqual([method, url, 200]);
    }

    const topology = { masters: ['10.0.0.11'], workers: ['10.0.0.21'] };
    const attempts = [
      [
        'post',
        '/api/clusters/clusters',
        { name: 'x', environment: 'test', masters: ['10.0.0.21'] },
        'create',
      ],
      ['patch', path, { description: 'mine' }, 'update'],
      ['post', `${path}/topology/preview`, topology, 'update'],
      ['put', `${path}/topology`, topology, 'update'],
      ['post', `${path}/health-checks`, undefined, 'update'],
      ['delete', path, undefined, 'delete'],
      // Bad input is not looked at before the role: no 400 for a viewer.
      ['post', '/api/clusters/clusters', { bogus: true }, 'create'],
    ] as const;
    for (const [method, url, body, action] of attempts) {
      const res = await t.call(method, url, VIC, body);
      expect([method, url, res.status, res.body.error?.message]).toEqual([
        method,
        url,
        403,
        `Your role does not allow 'opssight.clusters.cluster.${action}'`,
      ]);
    }

    expect((await t.call('get', path, ALICE)).body).toEqual(cluster);
    expect((await t.call('get', `${path}/history`, ALICE)).body).toHaveLength(
      1,
    );
    expect(
      (await t.call('get', '/api/clusters/clusters', ALICE)).body.totalCount,
    ).toBe(1);
    const denied = auditEvents(t.logs).filter(
      e => e.eventId === 'permission-denied' && e.status === 'failed',
    );
    expect(denied.map(e => [e.actorId, e.meta?.permission])).toEqual(
      attempts.map(([, , , action]) => [
        VIC,
        `opssight.clusters.cluster.${action}`,
      ]),
    );
    expect(
      auditEvents(t.logs).filter(
        e => e.eventId.startsWith('cluster-') && e.actorId === VIC,
      ),
    ).toEqual([]);
  });

  it('lets an operator change clusters, auditing each change', async () => {
    const { t, created } = await startWithProd();
    const path = `/api/clusters/clusters/${created.body.id}`;
    expect(
      (await t.call('patch', path, ALICE, { description: 'Shop' })).status,
    ).toBe(200);
    expect(
      (
        await t.call('put', `${path}/topology`, ALICE, {
          masters: ['10.0.0.11'],
          workers: ['10.0.0.21'],
        })
      ).status,
    ).toBe(200);
    expect((await t.call('delete', path, ALICE)).status).toBe(204);
    expect(
      auditEvents(t.logs)
        .filter(e => e.eventId.startsWith('cluster-'))
        .map(e => [e.eventId, e.status, e.actorId]),
    ).toEqual([
      ['cluster-create', 'initiated', ALICE],
      ['cluster-create', 'succeeded', ALICE],
      ['cluster-update', 'initiated', ALICE],
      ['cluster-update', 'succeeded', ALICE],
      ['cluster-reconfigure', 'initiated', ALICE],
      ['cluster-reconfigure', 'succeeded', ALICE],
      ['cluster-delete', 'initiated', ALICE],
      ['cluster-delete', 'succeeded', ALICE],
    ]);
  });
});
