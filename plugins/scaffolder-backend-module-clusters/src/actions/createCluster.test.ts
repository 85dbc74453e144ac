import { mockServices } from '@backstage/backend-test-utils';
import { ALICE, runAction } from '../__testUtils__/actionContext';
import { FakeOpsSight } from '../__testUtils__/FakeOpsSight';
import { OpsSightApi } from '../OpsSightApi';
import { createCreateClusterAction } from './createCluster';

describe('opssight:clusters:create', () => {
  let fake: FakeOpsSight;
  let action: ReturnType<typeof createCreateClusterAction>;

  beforeEach(async () => {
    fake = await FakeOpsSight.start();
    action = createCreateClusterAction({
      api: new OpsSightApi({
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        discovery: fake.discovery,
      }),
    });
    for (const i of [1, 2, 3, 4, 5])
      fake.addMachine(`10.2.0.${i}`, `kube-${i}`);
  });
  afterEach(() => fake.stop());

  it('creates the cluster as the user running the template and outputs where to find it', async () => {
    const { error, outputs, logs } = await runAction(action, {
      name: 'prod-eu',
      environment: 'production',
      description: 'Shop workloads',
      owner: 'group:default/team-a',
      masters: ['10.2.0.1', '10.2.0.2', '10.2.0.3'],
      workers: ['10.2.0.4'],
      loadBalancerIp: '10.2.0.100',
    });

    expect(error).toBeUndefined();
    expect(fake.clusters).toHaveLength(1);
    const cluster = fake.clusters[0];
    expect(cluster).toMatchObject({
      name: 'prod-eu',
      environment: 'production',
      description: 'Shop workloads',
      owner: 'group:default/team-a',
      loadBalancerIp: '10.2.0.100',
      createdBy: ALICE,
    });
    expect(cluster.nodes.map(n => `${n.role} ${n.ip}`)).toEqual([
      'master 10.2.0.1',
      'master 10.2.0.2',
      'master 10.2.0.3',
      'worker 10.2.0.4',
    ]);
    expect(outputs).toEqual({
      clusterId: cluster.id,
      name: 'prod-eu',
      entityRef: 'resource:default/prod-eu',
      clusterUrl: `/clusters/${cluster.id}`,
      warnings: [],
    });
    expect(
      fake.requests.every(r => r.user === ALICE && r.pluginId === 'clusters'),
    ).toBe(true);
    expect(logs).toEqual([
      'info: Creating cluster prod-eu (production) with 3 masters and 1 worker',
      `info: Created cluster prod-eu (id ${cluster.id})`,
    ]);
  });

  it('logs the advice about an even number of masters, and creates the cluster anyway', async () => {
    const { error, outputs, logs } = await runAction(action, {
      name: 'dev',
      environment: 'development',
      masters: ['10.2.0.1', '10.2.0.2'],
      loadBalancerIp: '',
    });
    expect(error).toBeUndefined();
    const warning =
      '2 masters: etcd needs a majority, so 2 masters tolerate no more failures than 1; use an odd number (1 or 3)';
    expect(outputs.warnings).toEqual([warning]);
    expect(logs).toContain(`warn: ${warning}`);
    expect(logs.filter(l => l.startsWith('warn:'))).toHaveLength(1);
    expect(fake.clusters[0]).toMatchObject({
      loadBalancerIp: null,
      owner: 'group:default/platform-team',
    });
  });

  it('surfaces a 400 naming the unregistered IPs', async () => {
    const { error } = await runAction(action, {
      name: 'stage',
      environment: 'staging',
      masters: ['10.2.0.1', '10.2.9.9'],
      workers: ['10.2.9.10'],
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      "Could not create cluster 'stage': Invalid cluster: masters.1: 10.2.9.9 is not a registered machine; register it first; " +
        'workers.0: 10.2.9.10 is not a registered machine; register it first',
    );
    expect(fake.clusters).toHaveLength(0);
  });

  it('surfaces a 409 for a name that is taken', async () => {
    const input = {
      name: 'stage',
      environment: 'staging',
      masters: ['10.2.0.1'],
    };
    expect((await runAction(action, input)).error).toBeUndefined();
    const { error } = await runAction(action, input);
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toBe(
      "Could not create cluster 'stage': name: a cluster named 'stage' already exists",
    );
  });

  it('checks the input with the API rules before calling it', async () => {
    const { error } = await runAction(action, {
      name: 'Prod_EU',
      environment: 'production',
      masters: [],
      workers: ['10.2.0.1', '10.2.0.1'],
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe(
      "Invalid cluster: name: must be a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit; " +
        'workers.1: 10.2.0.1 is already listed as worker 1; masters: at least one master is required',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('writes nothing in a dry run, and still finds a taken name', async () => {
    const input = {
      name: 'stage',
      environment: 'staging',
      masters: ['10.2.0.1', '10.2.0.2'],
    };
    const dry = await runAction(action, input, { isDryRun: true });
    expect(dry.error).toBeUndefined();
    expect(fake.writes()).toHaveLength(0);
    expect(dry.outputs).toEqual({
      clusterId: '',
      name: 'stage',
      entityRef: 'resource:default/stage',
      clusterUrl: '/clusters',
      warnings: [expect.stringMatching(/^2 masters: /)],
    });
    expect(dry.logs).toContain(
      'info: Dry run: would create cluster stage (staging) with 2 masters and 0 workers',
    );

    await runAction(action, input);
    const taken = await runAction(action, input, { isDryRun: true });
    expect(taken.error?.message).toBe(
      "name: a cluster named 'stage' already exists",
    );
    expect(fake.writes()).toHaveLength(1);
  });
});
