import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import request from 'supertest';
import accessPlugin, {
  accessSessionsServiceFactory,
} from '@opssight/plugin-access-backend';
import catalogModuleUsers from '@opssight/plugin-catalog-backend-module-users';

jest.setTimeout(90_000);

const USER = mockCredentials.user.header();

async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('catalog module: local accounts as users of role groups', () => {
  it('publishes the role groups and every account, a new one within seconds, and follows changes', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        accessPlugin,
        accessSessionsServiceFactory,
        catalogModuleUsers,
        // The real in-process event bus, as in production (the test default is a per-plugin mock).
        eventsServiceFactory,
        // The real scheduler: the first full read 10 s after start, the next in
        // 5 minutes, so a user created in between reaches the catalog by event.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: { catalog: { processingInterval: { seconds: 1 } } },
        }),
      ],
    });
    const api = () => request(server);
    const entity = async (ref: string) => {
      const res = await api()
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set('Authorization', USER);
      return res.status === 200 ? res.body : undefined;
    };

    // The first full read: the role groups and the initial admin.
    const admins = await eventually(() =>
      entity('group/default/opssight-admins'),
    );
    expect(admins).toMatchObject({
      spec: { type: 'role', profile: { displayName: 'OpsSight admins' } },
    });
    await eventually(() => entity('group/default/opssight-operators'));
    await eventually(() => entity('group/default/opssight-viewers'));
    const admin = await eventually(async () => {
      const found = await entity('user/default/admin');
      return found?.relations?.length ? found : undefined;
    });
    expect(admin.relations).toContainEqual({
      type: 'memberOf',
      targetRef: 'group:default/opssight-admins',
    });

    const created = await api()
      .post('/api/access/users')
      .set('Authorization', USER)
      .send({
        username: 'carol',
        displayName: 'Carol',
        email: 'carol@example.com',
        role: 'viewer',
        password: 'velvet-harbour-42-quiet',
      });
    expect(created.status).toBe(201);
    const started = Date.now();
    const carol = await eventually(async () => {
      const found = await entity('user/default/carol');
      return found?.relations?.length ? found : undefined;
    });
    expect((Date.now() - started) / 1000).toBeLessThan(20);
    expect(carol).toMatchObject({
      spec: {
        profile: { displayName: 'Carol', email: 'carol@example.com' },
        memberOf: ['group:default/opssight-viewers'],
      },
    });
    expect(carol.relations).toContainEqual({
      type: 'memberOf',
      targetRef: 'group:default/opssight-viewers',
    });

    // A role change moves the user to the other group.
    await api()
      .put('/api/access/users/carol')
      .set('Authorization', USER)
      .send({ displayName: 'Carol', role: 'operator' });
    await eventually(async () => {
      const found = await entity('user/default/carol');
      return found?.spec?.memberOf?.[0] === 'group:default/opssight-operators'
        ? true
        : undefined;
    });

    await api().delete('/api/access/users/carol').set('Authorization', USER);
    await eventually(async () =>
      (await entity('user/default/carol')) ? undefined : true,
    );
  });
});
