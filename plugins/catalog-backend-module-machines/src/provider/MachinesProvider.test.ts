import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the real machine registry, in a test
import machinesPlugin from '@opssight/plugin-machines-backend';
import { DefaultMachinesService } from '@opssight/plugin-machines-node';
import request from 'supertest';
import { MachinesProvider } from './MachinesProvider';

jest.setTimeout(60_000);

describe('MachinesProvider full refresh', () => {
  it('reads every machine from the registry, page by page, and replaces its entities', async () => {
    const { server } = await startTestBackend({ features: [machinesPlugin] });
    const text = Array.from(
      { length: 1203 },
      (_, i) => `10.30.${i >> 8}.${i & 255},host-${i}`,
    ).join('\n');
    const imported = await request(server)
      .post('/api/machines/bulk-imports')
      .set('Authorization', mockCredentials.user.header())
      .send({ text });
    expect(imported.body.created).toHaveLength(1203);

    const { port } = server.address() as { port: number };
    const mutations: EntityProviderMutation[] = [];
    const provider = new MachinesProvider({
      logger: mockServices.logger.mock(),
      auth: mockServices.auth(),
      machines: DefaultMachinesService.create({
        auth: mockServices.auth(),
        discovery: {
          getBaseUrl: async () => `http://localhost:${port}/api/machines`,
          getExternalBaseUrl: async () => '',
        },
      }),
      events: mockServices.events(),
      taskRunner: { run: async () => {} },
    });
    await provider.connect({
      applyMutation: async m => void mutations.push(m),
      refresh: async () => {},
    });
    await provider.refresh();

    expect(mutations).toHaveLength(1);
    const full = mutations[0];
    expect(full.type).toBe('full');
    const names =
      full.type === 'full'
        ? full.entities.map(e => e.entity.metadata.name)
        : [];
    expect(new Set(names).size).toBe(1203);
    expect(names).toContain('host-1202--10-30-4-178');
    expect(
      full.type === 'full' &&
        full.entities.every(e => e.locationKey === 'opssight-machines'),
    ).toBe(true);
  });
});
