import { expectAcceptedResource } from '@opssight/plugin-testing-node';
import { Machine } from '@opssight/plugin-machines-common';
import { machineToEntity, toEntityTag } from './machineEntity';

const machine: Machine = {
  id: '0b7c6a55-0f0c-4e55-9a0e-8f5c0f0a1a01',
  ip: '10.0.0.1',
  hostname: 'web-1.prod',
  application: 'shop',
  sshPort: 2222,
  sshUser: 'ops',
  description: '',
  groups: ['web', 'prod'],
  tags: ['Nginx', 'eu_west', 'tier.1'],
  owner: 'group:default/platform-team',
  hostKeyFingerprint: 'SHA256:abc',
  hostPublicKey: null,
  defaultCredentialId: null,
  lastCheck: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('machineToEntity', () => {
  it('describes the machine as a Resource of type machine with opssight.io annotations', () => {
    const entity = machineToEntity(machine);
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'web-1-prod--10-0-0-1',
        title: 'web-1.prod (10.0.0.1)',
        description: 'shop on 10.0.0.1:2222',
        tags: ['nginx', 'eu-west', 'tier-1'],
        annotations: {
          'opssight.io/machine-id': machine.id,
          'opssight.io/ip': '10.0.0.1',
          'opssight.io/hostname': 'web-1.prod',
          'opssight.io/application': 'shop',
          'opssight.io/ssh-port': '2222',
          'opssight.io/groups': 'web,prod',
        },
      },
      spec: { type: 'machine', owner: 'group:default/platform-team' },
    });
  });

  it('produces entities the catalog accepts', async () => {
    for (const m of [
      machine,
      { ...machine, ip: 'fd00::1', tags: [] },
      { ...machine, hostname: 'x'.repeat(63) },
    ]) {
      await expectAcceptedResource(machineToEntity(m));
    }
  });

  it('never carries secrets or the pinned key', () => {
    expect(JSON.stringify(machineToEntity(machine))).not.toContain(
      'SHA256:abc',
    );
  });

  it('maps tags onto the catalog tag alphabet', () => {
    expect(toEntityTag('__Weird  Tag__')).toBe('weird-tag');
  });
});
