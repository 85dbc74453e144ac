import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Machine, machineEntityName } from '@opssight/plugin-machines-common';
import request from 'supertest';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import machinesPlugin from '@opssight/plugin-machines-backend';
import { catalogTestConfig, testCatalog } from '@opssight/plugin-testing-node';
import catalogModuleMachines from '@opssight/plugin-catalog-backend-module-machines';

jest.setTimeout(90_000);

const USER = mockCredentials.user.header();

describe('catalog module: machines as entities', () => {
  it('publishes a machine within seconds of its creation, follows edits and removes it on delete', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        machinesPlugin,
        catalogModuleMachines,
        // The real in-process event bus, as in production (the test default is a per-plugin mock).
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: catalogTestConfig,
          },
        }),
      ],
    });
    const api = () => request(server);

    const created = await api()
      .post('/api/machines/machines')
      .set('Authorization', USER)
      .send({
        ip: '10.20.0.1',
        hostname: 'cat-1',
        application: 'shop',
        tags: ['nginx'],
      });
    expect(created.status).toBe(201);
    const machine: Machine = created.body;
    const name = machineEntityName(machine);

    const catalog = testCatalog(server);
    const started = Date.now();
    const entity = await catalog.waitFor(`resource/default/${name}`);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        annotations: {
          'opssight.io/machine-id': machine.id,
          'opssight.io/ip': '10.20.0.1',
        },
        tags: ['nginx'],
      },
      spec: { type: 'machine', owner: 'group:default/platform-team' },
    });

    // Renaming the host moves the entity to its new name.
    await api()
      .put(`/api/machines/machines/${machine.id}`)
      .set('Authorization', USER)
      .send({ ip: '10.20.0.1', hostname: 'cat-renamed' });
    const renamed = machineEntityName({
      hostname: 'cat-renamed',
      ip: '10.20.0.1',
    });
    await catalog.waitFor(`resource/default/${renamed}`);
    await catalog.waitForGone(`resource/default/${name}`);

    await api()
      .delete(`/api/machines/machines/${machine.id}`)
      .set('Authorization', USER);
    await catalog.waitForGone(`resource/default/${renamed}`);
  });
});
