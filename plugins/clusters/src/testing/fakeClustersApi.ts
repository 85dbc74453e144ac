import type {
  Cluster,
  ClusterChange,
  ClusterNode,
  Snippet,
} from '@opssight/plugin-clusters-common';
import type { Job } from '@opssight/plugin-jobs-common';
import { fakeApi, maker } from '@opssight/plugin-api-react/testing';
import type { ClustersApi } from '../api';

export const CLUSTER_ID = '00000000-0000-4000-8000-0000000000c1';

export const makeNode = maker<ClusterNode>({
  ip: '10.0.0.11',
  role: 'master',
  machineId: '00000000-0000-4000-8000-000000000011',
  hostname: 'node-11',
  hostKeyPinned: true,
  lastSshCheck: {
    checkedAt: '2026-01-01T10:00:00.000Z',
    reachable: true,
    sshOk: true,
    latencyMs: 4,
    errorKind: null,
    message: null,
  },
  kube: null,
});

export const makeCluster = maker<Cluster>({
  id: CLUSTER_ID,
  name: 'prod-eu',
  description: 'Production in the EU',
  environment: 'production',
  owner: 'group:default/platform-team',
  loadBalancerIp: null,
  apiUrl: null,
  apiCaData: null,
  apiTokenCredentialId: null,
  nodes: [
    makeNode(),
    makeNode({
      ip: '10.0.0.21',
      role: 'worker',
      hostname: 'node-21',
      machineId: '00000000-0000-4000-8000-000000000021',
    }),
  ],
  health: {
    state: 'healthy',
    summary: '2/2 nodes reachable',
    checkedAt: '2026-01-01T10:00:00.000Z',
    ssh: { total: 2, reachable: 2 },
    api: null,
  },
  createdBy: 'user:default/admin',
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:30:00.000Z',
});

export const makeJob = maker<Job>({
  id: '00000000-0000-4000-8000-0000000000a1',
  kind: 'bulk-script',
  title: 'Script on prod-eu',
  subject: `cluster:${CLUSTER_ID}`,
  status: 'succeeded',
  createdBy: 'user:default/admin',
  createdAt: '2026-01-01T11:00:00.000Z',
  startedAt: '2026-01-01T11:00:01.000Z',
  finishedAt: '2026-01-01T11:00:09.000Z',
  cancelRequested: false,
  timeoutMs: null,
  error: null,
  params: {
    script: 'uptime',
    snippetName: null,
    credentialId: '00000000-0000-4000-8000-00000000000a',
    sudo: false,
    concurrency: 50,
    timeoutSeconds: 60,
    targets: { clusterId: CLUSTER_ID, role: 'all' },
    clusterId: CLUSTER_ID,
  },
  rerunOf: null,
  progress: { total: 2, done: 2, failed: 0 },
});

export const makeChange = maker<ClusterChange>({
  id: 'ch1',
  clusterId: CLUSTER_ID,
  at: '2026-01-01T09:30:00.000Z',
  by: 'user:default/admin',
  kind: 'reconfigured',
  before: { masters: ['10.0.0.11'], workers: [], loadBalancerIp: null },
  after: {
    masters: ['10.0.0.11'],
    workers: ['10.0.0.21'],
    loadBalancerIp: null,
  },
  diff: {
    masters: { added: [], removed: [] },
    workers: { added: ['10.0.0.21'], removed: [] },
    loadBalancer: null,
    empty: false,
  },
  fields: [],
});

export const makeSnippet = maker<Snippet>({
  id: '00000000-0000-4000-8000-0000000000b1',
  name: 'disk usage',
  description: '',
  script: 'df -h',
  owner: 'user:default/admin',
  canEdit: false,
  createdBy: 'user:default/admin',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** A ClustersApi whose every method is a jest mock, with harmless defaults. */
export const fakeClustersApi = fakeApi<ClustersApi>(() => {
  const cluster = makeCluster();
  return {
    listClusters: async () => ({ items: [cluster], totalCount: 1 }),
    getCluster: async () => cluster,
    getClusterByName: async () => cluster,
    updateCluster: async () => cluster,
    deleteCluster: async () => undefined,
    previewTopology: async (_id, topology) => ({
      diff: {
        masters: { added: topology.masters, removed: [] },
        workers: { added: topology.workers, removed: [] },
        loadBalancer: null,
        empty: false,
      },
      warnings: [],
    }),
    reconfigure: async () => ({
      diff: makeChange().diff,
      cluster,
      change: makeChange(),
    }),
    getHistory: async () => [],
    getInventory: async () => 'all:\n  hosts: {}\n',
    checkHealth: async () => cluster,
    lookupIps: async ips =>
      ips.map(ip => {
        const node = cluster.nodes.find(n => n.ip === ip);
        return {
          ip,
          machine: node?.machineId
            ? {
                id: node.machineId,
                hostname: node.hostname ?? ip,
                hostKeyPinned: true,
              }
            : null,
          clusters: node ? [cluster.name] : [],
        };
      }),
    startRun: async () => makeJob({ status: 'queued' }),
    listRuns: async () => ({ items: [], totalCount: 0 }),
    getRun: async () => ({ job: makeJob(), targets: [] }),
    runEventsUrl: async id =>
      `http://localhost:7007/api/clusters/runs/${id}/events`,
    cancelRun: async () => undefined,
    rerun: async () => makeJob({ id: 'rerun-1', status: 'queued' }),
    listSnippets: async () => [],
    createSnippet: async input =>
      makeSnippet({ ...input, id: 'new-snippet', canEdit: true }),
    updateSnippet: async (id, input) =>
      makeSnippet({ ...input, id, canEdit: true }),
    deleteSnippet: async () => undefined,
  };
});
