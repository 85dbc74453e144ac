import type { Entity } from '@backstage/catalog-model';
import { clustersPlugin, isClusterEntity } from './plugin';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: type ? { type } : {},
});

describe('clustersPlugin', () => {
  it('has the clusters plugin id, its routes and the terminal and wizard links', () => {
    expect(clustersPlugin.id).toBe('clusters');
    expect(Object.keys(clustersPlugin.routes)).toEqual([
      'root',
      'cluster',
      'reconfigure',
      'newRun',
      'run',
    ]);
    expect(Object.keys(clustersPlugin.externalRoutes)).toEqual([
      'terminal',
      'createCluster',
    ]);
  });

  it('shows the Cluster tab only on cluster resources', () => {
    expect(isClusterEntity(entity('Resource', 'kubernetes-cluster'))).toBe(
      true,
    );
    expect(isClusterEntity(entity('resource', 'kubernetes-cluster'))).toBe(
      true,
    );
    expect(isClusterEntity(entity('Resource', 'machine'))).toBe(false);
    expect(isClusterEntity(entity('Component', 'kubernetes-cluster'))).toBe(
      false,
    );
  });
});
