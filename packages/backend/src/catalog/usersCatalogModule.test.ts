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
import { testCatalog, TestCatalogWait } from '@opssight/plugin-testing-node';

jest.setTimeout(90_000);

const USER = mockCredentials.user.header();
/** The first full read comes 10 s after start, on the real scheduler. */
const WAIT: TestCatalogWait = { timeoutMs: 30_000 };

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
    const catalog = testCatalog(server, { authorization: USER });
    const hasRelations: TestCatalogWait = {
      ...WAIT,
      until: e => !!e.relations?.length,
    };

    // The first full read: the role groups and the initial admin.
    const admins = await catalog.waitFor('group/default/opssight-admins', WAIT);
    expect(admins).toMatchObject({
      spec: { type: 'role', profile: { displayName: 'OpsSight admins' } },
    });
    await catalog.waitFor('group/default/opssight-operators', WAIT);
    await catalog.waitFor('group/default/opssight-viewers', WAIT);
    const admin = await catalog.waitFor('user/default/admin', hasRelations);
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
    const carol = await catalog.waitFor('user/default/carol', hasRelations);
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
    await catalog.waitFor('user/default/carol', {
      ...WAIT,
      until: e =>
        (e.spec?.memberOf as string[] | undefined)?.[0] ===
        'group:default/opssight-operators',
    });

    await api().delete('/api/access/users/carol').set('Authorization', USER);
    await catalog.waitForGone('user/default/carol', WAIT);
  });
});
