import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ALICE } from './__testUtils__/actionContext';
import { FakeOpsSight } from './__testUtils__/FakeOpsSight';
import scaffolderModuleClusters from './index';

jest.setTimeout(60_000);

// The template as data: Jest loads YAML through the Backstage CLI's YAML
// transform (the path is built, as the file is in no package).
const template = require(resolve(
  __dirname,
  '../../../examples/templates/kubernetes-cluster/template.yaml',
));

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
};
type ActionInfo = {
  id: string;
  schema?: { input?: JsonSchema; output?: JsonSchema };
};
type Step = { id: string; action: string; input?: Record<string, unknown> };

const USER = mockCredentials.user.header(ALICE);

/** What a user types into the wizard; the node field's value as ClusterNodeIps gives it. */
const values = {
  name: 'prod-eu',
  environment: 'production',
  owner: 'group:default/platform-team',
  loadBalancerIp: '10.3.0.100',
  nodes: {
    masters: ['10.3.0.1', '10.3.0.2', '10.3.0.3'],
    workers: ['10.3.0.4'],
    register: [
      { ip: '10.3.0.3', hostname: 'kube-3' },
      { ip: '10.3.0.4', hostname: 'kube-4' },
    ],
    mastersReview: ['10.3.0.1', '10.3.0.2', '10.3.0.3 (new: kube-3)'],
    workersReview: ['10.3.0.4 (new: kube-4)'],
  },
};

/** Every `${{ … }}` expression in a value. */
function expressions(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/\$\{\{(.*?)\}\}/g)].map(m => m[1].trim());
}

describe('the kubernetes-cluster template', () => {
  let fake: FakeOpsSight;
  let baseUrl = '';
  /** The test backend's API as the user, JSON in and out. */
  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/api/scaffolder${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: USER, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  /** Runs the template as a task to its end: the task and its events. */
  async function runTask(input: unknown) {
    const created = await api('/v2/tasks', {
      templateRef: 'template:default/kubernetes-cluster',
      values: input,
    });
    expect(created.status).toBe(201);
    let task: { status: string } = { status: 'open' };
    for (
      let i = 0;
      i < 200 && !['completed', 'failed'].includes(task.status);
      i++
    ) {
      await new Promise(r => setTimeout(r, 100));
      task = (await api(`/v2/tasks/${created.body.id}`)).body;
    }
    const events = (await api(`/v2/tasks/${created.body.id}/events`))
      .body as Array<{ type: string; body: any }>;
    return { task, events };
  }

  beforeAll(async () => {
    fake = await FakeOpsSight.start();
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleClusters,
        // The machines, clusters and catalog APIs are the fake's; the scaffolder is real.
        createServiceFactory({
          service: coreServices.discovery,
          deps: {},
          factory: () => fake.discovery,
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://localhost:${port}`;
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.machines.splice(0);
    fake.clusters.splice(0);
    fake.requests.splice(0);
    fake.addMachine('10.3.0.1', 'kube-1');
    fake.addMachine('10.3.0.2', 'kube-2');
  });

  it('is the wizard the README describes', () => {
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'kubernetes-cluster', title: 'Kubernetes cluster' },
    });
    const [cluster, nodes] = template.spec.parameters;
    expect(cluster.title).toBe('Cluster');
    expect(Object.keys(cluster.properties)).toEqual([
      'name',
      'environment',
      'owner',
      'description',
    ]);
    expect(cluster.properties.name['ui:autofocus']).toBe(true);
    expect(cluster.properties.environment).toMatchObject({
      enum: ['production', 'staging', 'development', 'test'],
      default: 'development',
    });
    expect(cluster.properties.owner['ui:field']).toBe('OwnerPicker');
    expect(nodes.title).toBe('Nodes');
    expect(nodes.properties.loadBalancerIp.title).toBe(
      'HAProxy / load-balancer IP',
    );
    expect(nodes.properties.nodes).toMatchObject({
      type: 'object',
      'ui:field': 'ClusterNodeIps',
      'ui:hideError': true,
      properties: {
        masters: { type: 'array' },
        workers: { type: 'array' },
        register: { type: 'array' },
      },
    });
    // The fields show their problems in words, once: no schema rule whose raw
    // message (a regex, "fewer than 1 items") the form would list besides.
    expect(cluster.properties.name).toMatchObject({
      'ui:field': 'ClusterName',
      'ui:hideError': true,
    });
    expect(cluster.properties.name).not.toHaveProperty('pattern');
    expect(cluster.properties.name).not.toHaveProperty('maxLength');
    expect(nodes.properties.nodes.properties.masters).not.toHaveProperty(
      'minItems',
    );
    // The review step shows readable lines, not `ip: … hostname: …` objects.
    const hiddenInReview = { 'ui:backstage': { review: { show: false } } };
    expect(nodes.properties.nodes.properties).toMatchObject({
      masters: hiddenInReview,
      workers: hiddenInReview,
      register: hiddenInReview,
      mastersReview: { title: 'Masters', type: 'array' },
      workersReview: { title: 'Workers', type: 'array' },
    });
  });

  it('uses only installed actions, with inputs they take, and parameters and outputs that exist', async () => {
    const res = await api('/v2/actions');
    expect(res.status).toBe(200);
    const actions = new Map<string, ActionInfo>(
      (res.body as ActionInfo[]).map(a => [a.id, a]),
    );
    // Backstage's built-ins and this module's two: the test backend has no other module.
    const steps: Step[] = template.spec.steps;
    expect(steps.map(s => s.action).filter(a => !actions.has(a))).toEqual([]);
    expect(steps.map(s => s.action)).toEqual(
      expect.arrayContaining([
        'opssight:machines:register',
        'opssight:clusters:create',
      ]),
    );
    const inputProblems = steps.flatMap(step => {
      const schema = actions.get(step.action)?.schema?.input ?? {};
      const given = Object.keys(step.input ?? {});
      return [
        ...given
          .filter(key => !(key in (schema.properties ?? {})))
          .map(key => `${step.id}: ${step.action} takes no input '${key}'`),
        ...(schema.required ?? [])
          .filter(key => !given.includes(key))
          .map(key => `${step.id}: ${step.action} needs input '${key}'`),
      ];
    });
    expect(inputProblems).toEqual([]);

    // Every `parameters.a.b` names a property of the form, every
    // `steps['id'].output.x` an output of an earlier step's action.
    const form: JsonSchema = {
      properties: Object.assign(
        {},
        ...template.spec.parameters.map((p: JsonSchema) => p.properties),
      ),
    };
    const used = [
      ...steps.flatMap((step, index) =>
        expressions(step.input).map(e => ({ e, index })),
      ),
      ...expressions(template.spec.output).map(e => ({
        e,
        index: steps.length,
      })),
    ];
    expect(used.length).toBeGreaterThan(10);
    const problems = used.flatMap(({ e, index }) => {
      const params = /^parameters\.([\w.]+)(\s*\|\s*\w+)?$/.exec(e);
      if (params) {
        let schema: JsonSchema | undefined = form;
        for (const name of params[1].split('.')) {
          schema = schema?.properties?.[name];
        }
        return schema ? [] : [`${e}: no such parameter`];
      }
      const output = /^steps\['([\w-]+)'\]\.output\.(\w+)(\s*\|\s*\w+)?$/.exec(
        e,
      );
      if (!output) return [`${e}: neither a parameter nor a step output`];
      const source = steps.findIndex(s => s.id === output[1]);
      if (source < 0 || source >= index) {
        return [`${e}: no earlier step '${output[1]}'`];
      }
      const outputs = actions.get(steps[source].action)?.schema?.output;
      return output[2] in (outputs?.properties ?? {})
        ? []
        : [`${e}: ${steps[source].action} has no output '${output[2]}'`];
    });
    expect(problems).toEqual([]);

    // The node field's value is what the register step takes.
    expect(
      template.spec.parameters[1].properties.nodes.properties.register.items,
    ).toEqual({
      type: 'object',
      required: ['ip', 'hostname'],
      properties: { ip: { type: 'string' }, hostname: { type: 'string' } },
    });
  });

  it('dry-runs through the scaffolder without writing anything', async () => {
    const res = await api('/v2/dry-run', {
      template,
      values,
      directoryContents: [],
    });
    expect(res.status).toBe(200);
    const log = (res.body.log as Array<{ body: { message: string } }>)
      .map(e => e.body.message)
      .join('\n');
    expect(log).toContain('Dry run: would register kube-3 (10.3.0.3)');
    expect(log).toContain(
      'Dry run: would create cluster prod-eu (production) with 3 masters and 1 worker',
    );
    expect(res.body.output.links).toEqual([
      { title: 'Open cluster', icon: 'dashboard', url: '/clusters' },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'resource:default/prod-eu',
      },
    ]);
    expect(fake.writes()).toHaveLength(0);
  });

  it('runs as a task: registers the new machines, creates the cluster as the user, links to it', async () => {
    fake.entities.set('template:default/kubernetes-cluster', {
      ...template,
      metadata: { ...template.metadata, namespace: 'default' },
    });
    const { task, events } = await runTask(values);
    const log = events
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n');
    expect([task.status, log]).toEqual(['completed', log]);

    expect(fake.machines.map(m => `${m.ip} ${m.hostname} ${m.owner}`)).toEqual([
      '10.3.0.1 kube-1 group:default/platform-team',
      '10.3.0.2 kube-2 group:default/platform-team',
      '10.3.0.3 kube-3 group:default/platform-team',
      '10.3.0.4 kube-4 group:default/platform-team',
    ]);
    expect(fake.clusters).toHaveLength(1);
    const cluster = fake.clusters[0];
    expect(cluster).toMatchObject({
      name: 'prod-eu',
      environment: 'production',
      description: '',
      loadBalancerIp: '10.3.0.100',
      createdBy: ALICE,
    });
    // Every write was made on behalf of the user who ran the template.
    expect(
      fake.writes().map(w => `${w.method} ${w.pluginId}${w.path} ${w.user}`),
    ).toEqual([
      `POST machines/machines ${ALICE}`,
      `POST machines/machines ${ALICE}`,
      `POST clusters/clusters ${ALICE}`,
    ]);

    const completion = events.find(e => e.type === 'completion');
    expect(completion?.body.output.links).toEqual([
      {
        title: 'Open cluster',
        icon: 'dashboard',
        url: `/clusters/${cluster.id}`,
      },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'resource:default/prod-eu',
      },
    ]);
    expect(completion?.body.output.text[0].content).toBe(
      'Registered 2 new machine(s); 0 were registered already.',
    );
  });

  it('fails a refused task with a message only: no stack, no server paths', async () => {
    fake.entities.set('template:default/kubernetes-cluster', {
      ...template,
      metadata: { ...template.metadata, namespace: 'default' },
    });
    fake.viewers.add(ALICE);
    try {
      const { task, events } = await runTask(values);
      expect(task.status).toBe('failed');
      const completion = events.find(e => e.type === 'completion');
      const error = completion?.body.error;
      expect(error?.message).toMatch(/^Could not register /);
      const shown = JSON.stringify(events);
      expect(shown).not.toMatch(/\s+at\s+\S+\s+\(/);
      expect(shown).not.toContain(__dirname);
      expect(shown).not.toContain('node_modules');
      // Refused: nothing was registered, no cluster created.
      expect(fake.machines.map(m => m.ip)).toEqual(['10.3.0.1', '10.3.0.2']);
      expect(fake.clusters).toEqual([]);
    } finally {
      fake.viewers.delete(ALICE);
    }
  });
});
