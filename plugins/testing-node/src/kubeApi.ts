import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A node as the fake's `/api/v1/nodes` reports it. */
export type FakeKubeNode = {
  name: string;
  ip: string;
  ready?: boolean;
  pressure?: string[];
};

/**
 * An object the fake serves, as `kubectl get -o json` shows it: `kind` and
 * `apiVersion` say which list it belongs to; metadata gets a uid,
 * resourceVersion and creationTimestamp when it lacks them.
 */
export type FakeKubeObject = {
  kind: string;
  apiVersion: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** What the fake saw of a request: method, path with query, Authorization. */
export type FakeKubeRequest = {
  method: string;
  url: string;
  authorization: string | undefined;
};

export type FakeKubeApi = {
  /** `https://<host>:<port>`, the API URL a cluster would have. */
  url: string;
  /** The fake's self-signed CA (also its serving certificate), base64 of PEM as kubeconfig has it. */
  caData: string;
  /** What the fake serves and accepts; change it between requests. */
  state: {
    /** The one bearer token accepted; anything else is a 401 Status. */
    token: string;
    /** `ok`, or what a failing /readyz answers (with HTTP 500). */
    readyz: string;
    nodes: FakeKubeNode[];
    objects: FakeKubeObject[];
    requests: FakeKubeRequest[];
  };
  /** Adds objects (filling in their metadata) and answers them from now on. */
  add(...objects: FakeKubeObject[]): void;
  stop(): Promise<void>;
};

type Resource = {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
};

/**
 * The resources the fake serves: what health checks read (nodes) and every
 * type the Kubernetes plugin's backend fetches by default, plus secrets and
 * volumes, keyed by `<group>/<version>/<plural>` ("" group for the core API).
 */
const RESOURCES: Record<string, Resource> = Object.fromEntries(
  (
    [
      ['', 'v1', 'nodes', 'Node', false],
      ['', 'v1', 'namespaces', 'Namespace', false],
      ['', 'v1', 'persistentvolumes', 'PersistentVolume', false],
      ['', 'v1', 'pods', 'Pod', true],
      ['', 'v1', 'services', 'Service', true],
      ['', 'v1', 'configmaps', 'ConfigMap', true],
      ['', 'v1', 'secrets', 'Secret', true],
      ['', 'v1', 'limitranges', 'LimitRange', true],
      ['', 'v1', 'resourcequotas', 'ResourceQuota', true],
      ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true],
      ['apps', 'v1', 'deployments', 'Deployment', true],
      ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
      ['apps', 'v1', 'statefulsets', 'StatefulSet', true],
      ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
      ['batch', 'v1', 'jobs', 'Job', true],
      ['batch', 'v1', 'cronjobs', 'CronJob', true],
      [
        'autoscaling',
        'v2',
        'horizontalpodautoscalers',
        'HorizontalPodAutoscaler',
        true,
      ],
      ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true],
      ['metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true],
    ] as const
  ).map(([group, version, plural, kind, namespaced]) => [
    `${group}/${version}/${plural}`,
    { group, version, kind, namespaced },
  ]),
);

function apiVersionOf(r: Pick<Resource, 'group' | 'version'>) {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits at commas outside parentheses (`a in (x,y),b`). */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

/**
 * A label selector as the API server reads it: `k=v`, `k==v`, `k!=v`, `k`,
 * `!k`, `k in (a,b)`, `k notin (a,b)`, comma-separated. Throws on anything
 * else, which the fake answers with a 400 Status as the real server does.
 */
export function parseLabelSelector(selector: string): Requirement {
  const requirements = splitRequirements(selector).map((part): Requirement => {
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = new Set(list.split(',').map(v => v.trim()));
      return op === 'in'
        ? l => key in l && values.has(l[key])
        : l => !(key in l) || !values.has(l[key]);
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return op === '!='
        ? l => l[key] !== value
        : l => key in l && l[key] === value;
    }
    m = /^(!?)([\w./-]+)$/.exec(part);
    if (m) {
      const [, not, key] = m;
      return not ? l => !(key in l) : l => key in l;
    }
    throw new Error(`unable to parse requirement: ${part}`);
  });
  return labels => requirements.every(r => r(labels));
}

function status(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    }),
  );
}

function json(res: ServerResponse, body: unknown) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * A Kubernetes API server for tests, over TLS with its own self-signed
 * certificate, accepting one bearer token: `/readyz`, nodes, namespaces and
 * the namespaced and cluster-wide lists and gets of pods, services,
 * configmaps, deployments, replicasets and the other types the Kubernetes
 * plugin reads, with label selectors, shaped as the real server answers
 * (`{kind: "PodList", apiVersion, metadata, items}`, `Status` errors), and
 * pod metrics (`metrics.k8s.io`) for the pods it has.
 */
export async function startFakeKubeApi(
  options: { token?: string; host?: string } = {},
): Promise<FakeKubeApi> {
  const host = options.host ?? '127.0.0.1';
  const dir = await mkdtemp(join(tmpdir(), 'fake-kube-api-'));
  let cert: string;
  let key: Buffer;
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=kube-apiserver',
      '-addext',
      `subjectAltName=${/^[\d.]+$|:/.test(host) ? 'IP' : 'DNS'}:${host}`,
    ]);
    cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    key = await readFile(join(dir, 'key.pem'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const state: FakeKubeApi['state'] = {
    token: options.token ?? `fake-sa-token-${randomUUID()}`,
    readyz: 'ok',
    nodes: [],
    objects: [],
    requests: [],
  };
  let resourceVersion = 1000;

  function nodeObject(n: FakeKubeNode): FakeKubeObject {
    return {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: { name: n.name },
      status: {
        addresses: [
          { type: 'InternalIP', address: n.ip },
          { type: 'Hostname', address: n.name },
        ],
        conditions: [
          ...['MemoryPressure', 'DiskPressure', 'PIDPressure'].map(type => ({
            type,
            status: n.pressure?.includes(type) ? 'True' : 'False',
          })),
          { type: 'Ready', status: n.ready === false ? 'False' : 'True' },
        ],
      },
    };
  }

  /** Every object of a resource: stored ones, plus derived nodes, namespaces and metrics. */
  function objectsOf(r: Resource): FakeKubeObject[] {
    if (r.kind === 'Node') return state.nodes.map(nodeObject);
    if (r.kind === 'Namespace') {
      const names = new Set(['default', 'kube-system']);
      for (const o of state.objects) {
        if (o.kind === 'Namespace') names.delete(o.metadata.name);
        if (o.metadata.namespace) names.add(o.metadata.namespace);
      }
      return [
        ...state.objects.filter(o => o.kind === 'Namespace'),
        ...[...names].map(name => ({
          kind: 'Namespace',
          apiVersion: 'v1',
          metadata: { name },
          status: { phase: 'Active' },
        })),
      ];
    }
    if (r.kind === 'PodMetrics') {
      return state.objects
        .filter(o => o.kind === 'Pod')
        .map(pod => ({
          kind: 'PodMetrics',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: {
            name: pod.metadata.name,
            namespace: pod.metadata.namespace,
            labels: pod.metadata.labels,
          },
          timestamp: new Date().toISOString(),
          window: '30s',
          containers: (
            ((pod.spec as any)?.containers ?? []) as Array<{ name: string }>
          ).map(c => ({
            name: c.name,
            usage: { cpu: '1m', memory: '8Mi' },
          })),
        }));
    }
    return state.objects.filter(
      o => o.kind === r.kind && o.apiVersion === apiVersionOf(r),
    );
  }

  /** An item as the server lists it: without kind and apiVersion. */
  function asItem(o: FakeKubeObject) {
    const { kind: _kind, apiVersion: _apiVersion, ...item } = o;
    return item;
  }

  function notFound(res: ServerResponse) {
    status(
      res,
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://fake');
    state.requests.push({
      method: req.method ?? 'GET',
      url: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    });
    if (req.headers.authorization !== `Bearer ${state.token}`) {
      status(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    if (url.pathname === '/readyz' || url.pathname === '/livez') {
      res.writeHead(state.readyz === 'ok' ? 200 : 500);
      res.end(state.readyz);
      return;
    }
    // /api/v1/... or /apis/<group>/<version>/..., then
    // [namespaces/<ns>/]<plural>[/<name>]
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 2) {
      [group, version, rest] = ['', segments[1], segments.slice(2)];
    } else if (segments[0] === 'apis' && segments.length >= 3) {
      [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
    } else {
      notFound(res);
      return;
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, ...extra] = rest;
    const resource = RESOURCES[`${group}/${version}/${plural}`];
    if (!resource || extra.length > 0 || (namespace && !resource.namespaced)) {
      notFound(res);
      return;
    }
    if (req.method !== 'GET') {
      status(
        res,
        405,
        'MethodNotAllowed',
        `the fake serves GET only, not ${req.method}`,
      );
      return;
    }
    let matches = objectsOf(resource).filter(
      o => !namespace || o.metadata.namespace === namespace,
    );
    if (name) {
      const found = matches.find(o => o.metadata.name === name);
      if (!found) {
        status(res, 404, 'NotFound', `${plural} "${name}" not found`);
        return;
      }
      json(res, found);
      return;
    }
    const selector = url.searchParams.get('labelSelector');
    if (selector) {
      let requirement: Requirement;
      try {
        requirement = parseLabelSelector(selector);
      } catch (error) {
        status(res, 400, 'BadRequest', (error as Error).message);
        return;
      }
      matches = matches.filter(o => requirement(o.metadata.labels ?? {}));
    }
    json(res, {
      kind: `${resource.kind}List`,
      apiVersion: apiVersionOf(resource),
      metadata: { resourceVersion: String(resourceVersion) },
      items: matches.map(asItem),
    });
  }

  const server = https.createServer({ key, cert }, handle);
  server.listen(0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    caData: Buffer.from(cert).toString('base64'),
    state,
    add(...objects) {
      for (const o of objects) {
        resourceVersion++;
        state.objects.push({
          ...o,
          metadata: {
            uid: randomUUID(),
            resourceVersion: String(resourceVersion),
            creationTimestamp: new Date().toISOString(),
            ...o.metadata,
          },
        });
      }
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A small application as it runs on a cluster: a Deployment with its
 * ReplicaSet, running pods, a Service and a ConfigMap, all labelled
 * `app: <name>` plus `labels` (e.g. `backstage.io/kubernetes-id`).
 */
export function fakeKubeApp(options: {
  name: string;
  namespace?: string;
  replicas?: number;
  labels?: Record<string, string>;
  image?: string;
}): FakeKubeObject[] {
  const { name, namespace = 'default', replicas = 2 } = options;
  const image = options.image ?? 'nginx:1.27';
  const labels = { app: name, ...options.labels };
  const hash = '5d8f7c9b6';
  const now = new Date().toISOString();
  const container = { name, image, ports: [{ containerPort: 80 }] };
  // As a real API server does: every object has a uid, and an owner reference
  // names its controller by uid (the Kubernetes UI ties pods to deployments so).
  const deploymentUid = randomUUID();
  const replicaSetUid = randomUUID();
  return [
    {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name, namespace, labels, uid: deploymentUid },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels }, spec: { containers: [container] } },
      },
      status: {
        replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        updatedReplicas: replicas,
        conditions: [{ type: 'Available', status: 'True' }],
      },
    },
    {
      kind: 'ReplicaSet',
      apiVersion: 'apps/v1',
      metadata: {
        name: `${name}-${hash}`,
        namespace,
        uid: replicaSetUid,
        labels: { ...labels, 'pod-template-hash': hash },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name,
            uid: deploymentUid,
            controller: true,
          },
        ],
      },
      spec: { replicas, selector: { matchLabels: { app: name } } },
      status: {
        replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
      },
    },
    ...Array.from({ length: replicas }, (_, i) => ({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: `${name}-${hash}-${'abcdefghij'.slice(i, i + 5).padEnd(5, 'x')}`,
        namespace,
        labels: { ...labels, 'pod-template-hash': hash },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${name}-${hash}`,
            uid: replicaSetUid,
            controller: true,
          },
        ],
      },
      spec: { containers: [container], nodeName: 'node-1' },
      status: {
        phase: 'Running',
        podIP: `10.244.0.${10 + i}`,
        startTime: now,
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
          { type: 'ContainersReady', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
        containerStatuses: [
          {
            name,
            image,
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: now } },
          },
        ],
      },
    })),
    {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name, namespace, labels },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.20',
        selector: { app: name },
        ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }],
      },
    },
    {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: `${name}-config`, namespace, labels },
      data: { 'app.conf': `name=${name}\n` },
    },
  ];
}
