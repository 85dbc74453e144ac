import type { Entity } from '@backstage/catalog-model';
import { isMachineEntity, machinesPlugin } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: type ? { type } : {},
});

describe('machinesPlugin', () => {
  it('has the machines plugin id', () => {
    expect(machinesPlugin.id).toBe('machines');
  });

  it('shows the Machine tab only on machine resources', () => {
    expect(isMachineEntity(entity('Resource', 'machine'))).toBe(true);
    expect(isMachineEntity(entity('resource', 'machine'))).toBe(true);
    expect(isMachineEntity(entity('Resource', 'database'))).toBe(false);
    expect(isMachineEntity(entity('Component', 'machine'))).toBe(false);
  });
});
