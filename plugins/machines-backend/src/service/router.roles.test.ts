import { rolePermissions } from '@opssight/plugin-testing-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Role } from '@opssight/plugin-access-common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import machinesPlugin from '../index';

jest.setTimeout(60_000);

async function start(
  role: Role,
  audit: Array<{ eventId: string; outcome: string }>,
) {
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId }) => {
      audit.push({ eventId, outcome: 'initiated' });
      return {
        success: async () => void audit.push({ eventId, outcome: 'succeeded' }),
        fail: async () => void audit.push({ eventId, outcome: 'failed' }),
      };
    },
  });
  const { server } = await startTestBackend({
    features: [
      machinesPlugin,
      rolePermissions(role),
      auditor.factory,
      // The vault's key, so no development key file is written.
      mockServices.rootConfig.factory({
        data: {
          vault: {
            keys: [{ id: 'test', secret: randomBytes(32).toString('base64') }],
          },
        },
      }),
    ],
  });
  return server;
}

const USER = mockCredentials.user.header();

describe('machines router with roles', () => {
  it('lets a viewer read but refuses every mutation with 403, changing nothing and auditing the denial', async () => {
    const audit: Array<{ eventId: string; outcome: string }> = [];
    const server = await start('viewer', audit);
    const api = () => request(server);

    expect(
      (await api().get('/api/machines/machines').set('Authorization', USER))
        .status,
    ).toBe(200);
    expect(
      (await api().get('/api/machines/groups').set('Authorization', USER))
        .status,
    ).toBe(200);

    const attempts = [
      api()
        .post('/api/machines/machines')
        .send({ ip: '10.0.0.1', hostname: 'x' }),
      api().post('/api/machines/bulk-imports').send({ text: '10.0.0.2,y' }),
      api().post('/api/machines/groups').send({ name: 'g' }),
      api().post('/api/machines/connection-tests').send({ all: true }),
      api().delete(
        '/api/machines/machines/6f1c1a2e-0000-4000-8000-000000000000',
      ),
    ];
    for (const attempt of attempts) {
      const res = await attempt.set('Authorization', USER);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /^Your role does not allow 'opssight\.machines\./,
      );
    }
    const list = await api()
      .get('/api/machines/machines')
      .set('Authorization', USER);
    expect(list.body.totalCount).toBe(0);
    expect(
      (await api().get('/api/machines/groups').set('Authorization', USER)).body
        .items,
    ).toEqual([]);
    expect(
      audit.filter(
        e => e.eventId === 'permission-denied' && e.outcome === 'failed',
      ),
    ).toHaveLength(5);
  });

  it('lets an operator manage machines and audits each mutation', async () => {
    const audit: Array<{ eventId: string; outcome: string }> = [];
    const server = await start('operator', audit);
    const res = await request(server)
      .post('/api/machines/machines')
      .set('Authorization', USER)
      .send({ ip: '10.0.0.1', hostname: 'web-1' });
    expect(res.status).toBe(201);
    expect(audit).toEqual([
      { eventId: 'machine-create', outcome: 'initiated' },
      { eventId: 'machine-create', outcome: 'succeeded' },
    ]);
  });
});
