import { expectAcceptedResource } from '@opssight/plugin-testing-node';
import { testCluster } from '../__testUtils__/FakeClustersApi';
import { clusterToEntity } from './clusterEntity';

const links = {
  appBaseUrl: 'https://portal.example.com',
};

const cluster = testCluster({
  id: '5d3c7a55-0f0c-4e55-9a0e-8f5c0f0a1a01',
  name: 'prod-eu',
  environment: 'production',
  owner: 'group:default/team-a',
  description: 'Shop workloads',
  loadBalancerIp: '10.0.0.100',
  apiUrl: 'https://10.0.0.100:6443',
  apiCaData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
  apiTokenCredentialId: '6f1c1a2e-0000-4000-8000-00000000beef',
  masters: [
    ['10.0.0.1', 'kube-1.prod'],
    ['10.0.0.2', 'kube-2.prod'],
    ['10.0.0.3', null], // its machine was removed from the registry
  ],
  workers: [['fd00::4', 'kube-4']],
});

describe('clusterToEntity', () => {
  it('describes the cluster as a Resource of type kubernetes-cluster that depends on its machines', () => {
    expect(clusterToEntity(cluster, links)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'prod-eu',
        title: 'prod-eu (production)',
        description: 'Shop workloads',
        labels: { 'opssight.io/environment': 'production' },
        annotations: {
          'backstage.io/managed-by-location': `opssight-clusters:${cluster.id}`,
          'backstage.io/managed-by-origin-location': `opssight-clusters:${cluster.id}`,
          'opssight.io/cluster-id': cluster.id,
          'opssight.io/load-balancer-ip': '10.0.0.100',
          'kubernetes.io/api-server': 'https://10.0.0.100:6443',
          'kubernetes.io/api-server-certificate-authority':
            'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
          'kubernetes.io/auth-provider': 'serviceAccount',
          'backstage.io/kubernetes-label-selector':
            'opssight.io/portal!=hidden',
        },
        links: [
          {
            url: `https://portal.example.com/clusters/${cluster.id}`,
            title: 'Cluster page',
            icon: 'dashboard',
          },
        ],
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/team-a',
        lifecycle: 'production',
        // The names the machines module gives these machines' entities.
        dependsOn: [
          'resource:default/kube-1-prod--10-0-0-1',
          'resource:default/kube-2-prod--10-0-0-2',
          'resource:default/kube-4--fd00-4',
        ],
      },
    });
  });

  it('leaves out the Kubernetes annotations until the API URL is known, and what is not set', () => {
    const entity = clusterToEntity(
      testCluster({
        name: 'dev',
        environment: 'staging',
        apiCaData: 'unused without a URL',
        masters: [['10.0.0.1', 'kube-1']],
      }),
      links,
    );
    expect(Object.keys(entity.metadata.annotations!)).toEqual([
      'backstage.io/managed-by-location',
      'backstage.io/managed-by-origin-location',
      'opssight.io/cluster-id',
    ]);
    expect(entity.metadata.description).toBe(
      'Kubernetes cluster: 1 master, 0 workers',
    );
    expect(entity.spec?.lifecycle).toBe('experimental');

    const withUrl = clusterToEntity(
      testCluster({ name: 'dev', apiUrl: 'https://dev:6443' }),
      links,
    );
    expect(withUrl.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': 'https://dev:6443',
      'kubernetes.io/auth-provider': 'serviceAccount',
      'backstage.io/kubernetes-label-selector': 'opssight.io/portal!=hidden',
    });
    expect(
      withUrl.metadata.annotations![
        'kubernetes.io/api-server-certificate-authority'
      ],
    ).toBeUndefined();
  });

  it('never carries a secret, nor the id of the API token credential', () => {
    const text = JSON.stringify(clusterToEntity(cluster, links));
    expect(text).not.toContain('6f1c1a2e-0000-4000-8000-00000000beef');
    expect(text).not.toContain('apiToken');
    expect(text).not.toContain('createdBy');
  });

  it('produces entities the catalog accepts', async () => {
    for (const c of [
      cluster,
      testCluster({ name: 'x'.repeat(63), environment: 'test' }),
      testCluster({ name: 'a', masters: [['10.0.0.1', 'x'.repeat(63)]] }),
    ]) {
      await expectAcceptedResource(clusterToEntity(c, links));
    }
  });
});
