import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import {
  InMemoryMachinesService,
  makeMachine,
} from '@opssight/plugin-machines-node/testing';
import { MachinesProvider } from './MachinesProvider';

describe('MachinesProvider full refresh', () => {
  it('reads every machine from the registry and replaces its entities', async () => {
    // The machines-node client reads the registry page by page (its own test).
    const machines = new InMemoryMachinesService({
      machines: Array.from({ length: 1203 }, (_, i) =>
        makeMachine({
          ip: `10.30.${i >> 8}.${i & 255}`,
          hostname: `host-${i}`,
        }),
      ),
    });
    const mutations: EntityProviderMutation[] = [];
    const provider = new MachinesProvider({
      logger: mockServices.logger.mock(),
      auth: mockServices.auth(),
      machines,
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
