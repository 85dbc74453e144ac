import {
  expectPlugin,
  expectResourceTab,
} from '@opssight/plugin-api-react/testing';
import { clustersPlugin, isClusterEntity } from './plugin';

describe('clustersPlugin', () => {
  it('has the clusters plugin id, its routes and the terminal and wizard links', () => {
    expectPlugin(clustersPlugin, 'clusters', {
      routes: ['root', 'cluster', 'reconfigure', 'newRun', 'run'],
      externalRoutes: ['terminal', 'createCluster'],
    });
  });

  it('shows the Cluster tab only on cluster resources', () => {
    expectResourceTab(isClusterEntity, 'kubernetes-cluster', 'machine');
  });
});
