import { z } from 'zod';
import { unknownKeys } from '@opssight/plugin-validation-common';
import {
  ipSchema,
  normalizeIp,
  ownerSchema,
} from '@opssight/plugin-machines-common';
import { credentialIdSchema } from '@opssight/plugin-vault-common';
import { sha256Hex } from './sha256';
import type { ClusterTopology, TopologyDiff } from './types';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A required RFC 1123 DNS label (lower case letters, digits, '-', at most 63); `problem` says what else it must be. */
const dnsLabelSchema = (problem: string) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required', abort: true })
    .regex(DNS_LABEL, problem);

/** A cluster name: an RFC 1123 DNS label. */
export const clusterNameSchema = dnsLabelSchema(
  "must be a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit",
);

export const environmentSchema = dnsLabelSchema(
  "must be a short name such as 'production': lower-case letters, digits or '-'",
);

/** Why each entry of the IP lists is wrong, by field path (`masters.1`), or nothing. */
export type IpListProblems = Record<string, string>;

/**
 * Checks the two IP lists together: every entry an IPv4/IPv6 address, no IP
 * twice in either list or across them, at least one master. Keys are field
 * paths as the API reports them (`masters.0`, `workers.2`, `masters`).
 */
export function checkIpLists(
  masters: string[],
  workers: string[],
): IpListProblems {
  const problems: IpListProblems = {};
  const seen = new Map<string, string>();
  const check = (list: string[], name: 'masters' | 'workers') => {
    list.forEach((raw, index) => {
      const path = `${name}.${index}`;
      const ip = normalizeIp(raw ?? '');
      if (!raw || !raw.trim()) {
        problems[path] = 'is empty';
        return;
      }
      if (!ip) {
        problems[path] = `'${raw.trim()}' is not a valid IPv4 or IPv6 address`;
        return;
      }
      const first = seen.get(ip);
      if (first) {
        problems[path] = `${ip} is already listed as ${first}`;
        return;
      }
      seen.set(ip, `${name === 'masters' ? 'master' : 'worker'} ${index + 1}`);
    });
  };
  check(masters, 'masters');
  check(workers, 'workers');
  if (masters.length === 0) {
    problems.masters = 'at least one master is required';
  }
  return problems;
}

/** Advice that does not block saving: an even number of masters cannot keep etcd's quorum any better than one fewer. */
export function topologyWarnings(
  t: Pick<ClusterTopology, 'masters'>,
): string[] {
  const n = t.masters.length;
  if (n > 0 && n % 2 === 0) {
    return [
      `${n} masters: etcd needs a majority, so ${n} masters tolerate no more failures than ${
        n - 1
      }; use an odd number (${n - 1} or ${n + 1})`,
    ];
  }
  return [];
}

const ipListSchema = (name: 'masters' | 'workers') =>
  z
    .array(z.string({ error: 'must be an IP address' }), {
      error: 'must be a list of IP addresses',
    })
    .max(1000, `at most 1000 ${name}`);

/** Reports checkIpLists' problems as zod issues at their paths (`masters.1`). */
function refineIpLists(
  value: { masters: string[]; workers: string[] },
  ctx: z.RefinementCtx,
) {
  for (const [path, message] of Object.entries(
    checkIpLists(value.masters, value.workers),
  )) {
    ctx.addIssue({
      code: 'custom',
      path: path.split('.').map(p => (/^\d+$/.test(p) ? Number(p) : p)),
      message,
    });
  }
}

const topologyShape = {
  masters: ipListSchema('masters'),
  workers: ipListSchema('workers').default([]),
  loadBalancerIp: ipSchema.nullable().default(null),
};

/** Masters, workers and load balancer, checked together (duplicates across lists). */
export const topologySchema = z
  .strictObject(topologyShape, { error: unknownKeys() })
  .superRefine(refineIpLists)
  .transform(value => ({
    masters: value.masters.map(ip => normalizeIp(ip)!),
    workers: value.workers.map(ip => normalizeIp(ip)!),
    loadBalancerIp: value.loadBalancerIp,
  }));

/**
 * PUT /clusters/:id/topology: the new topology, and optionally the cluster's
 * `updatedAt` as the user saw it (a 409 when someone changed it since).
 */
export const reconfigureClusterSchema = z
  .strictObject(
    {
      ...topologyShape,
      expectedUpdatedAt: z.iso
        .datetime({
          error: "must be the cluster's updatedAt, an ISO 8601 timestamp",
        })
        .optional(),
    },
    { error: unknownKeys() },
  )
  .superRefine(refineIpLists)
  .transform(value => ({
    masters: value.masters.map(ip => normalizeIp(ip)!),
    workers: value.workers.map(ip => normalizeIp(ip)!),
    loadBalancerIp: value.loadBalancerIp,
    expectedUpdatedAt: value.expectedUpdatedAt,
  }));

export type ReconfigureClusterInput = z.input<typeof reconfigureClusterSchema>;

const apiUrlSchema = z
  .url({
    protocol: /^https?$/,
    error: 'must be an http(s) URL such as https://10.0.0.10:6443',
  })
  .nullable();

const clusterDetails = {
  description: z.string().max(2000, 'must be at most 2000 characters'),
  environment: environmentSchema,
  owner: ownerSchema,
  apiUrl: apiUrlSchema,
  apiCaData: z
    .string()
    .trim()
    .max(20000, 'must be at most 20000 characters')
    .nullable(),
  apiTokenCredentialId: credentialIdSchema.nullable(),
};

/** POST /clusters: a new cluster; every node IP must be a registered machine. */
export const createClusterSchema = z
  .strictObject(
    {
      name: clusterNameSchema,
      environment: clusterDetails.environment,
      description: clusterDetails.description.default(''),
      owner: clusterDetails.owner.optional(),
      ...topologyShape,
      apiUrl: clusterDetails.apiUrl.default(null),
      apiCaData: clusterDetails.apiCaData.default(null),
      apiTokenCredentialId: clusterDetails.apiTokenCredentialId.default(null),
    },
    { error: unknownKeys() },
  )
  .superRefine(refineIpLists)
  .transform(value => ({
    ...value,
    masters: value.masters.map(ip => normalizeIp(ip)!),
    workers: value.workers.map(ip => normalizeIp(ip)!),
  }));

export type CreateClusterInput = z.input<typeof createClusterSchema>;
export type ValidCreateClusterInput = z.output<typeof createClusterSchema>;

/** PATCH /clusters/:id: details only; the nodes change through reconfiguration. */
export const updateClusterSchema = z
  .strictObject(
    {
      name: clusterNameSchema.optional(),
      description: clusterDetails.description.optional(),
      environment: clusterDetails.environment.optional(),
      owner: clusterDetails.owner.optional(),
      apiUrl: clusterDetails.apiUrl.optional(),
      apiCaData: clusterDetails.apiCaData.optional(),
      apiTokenCredentialId: clusterDetails.apiTokenCredentialId.optional(),
    },
    { error: unknownKeys() },
  )
  .refine(v => Object.keys(v).length > 0, {
    error: 'give at least one field to change',
    // Unknown fields alone are reported as such, not as an empty change.
    when: payload => payload.issues.length === 0,
  });

export type UpdateClusterInput = z.input<typeof updateClusterSchema>;

/** POST /ip-lookup: what the registry knows of these IPs. */
export const ipLookupRequestSchema = z.strictObject(
  {
    ips: z
      .array(ipSchema, { error: 'must be a list of IP addresses' })
      .min(1, 'give at least one IP')
      .max(1000, 'at most 1000 IPs'),
  },
  { error: unknownKeys() },
);

const runTargetsSchema = z.union(
  [
    z.strictObject({
      clusterId: z.uuid('must be a cluster id'),
      role: z.enum(['all', 'master', 'worker']).default('all'),
    }),
    z.strictObject({ group: z.string().trim().min(1, 'is required') }),
    z.strictObject({
      machineIds: z
        .array(z.uuid('must be a machine id'))
        .min(1, 'pick at least one machine')
        .max(5000, 'at most 5000 machines'),
    }),
  ],
  {
    error: 'must be one of {clusterId, role?}, {group} or {machineIds}',
  },
);

/** POST /runs: a bulk script run. */
export const bulkRunRequestSchema = z
  .strictObject(
    {
      targets: runTargetsSchema,
      /** The exact text that runs, also when it came from a snippet. */
      script: z
        .string({ error: 'is required: the script to run' })
        .max(65536, 'must be at most 64 KiB')
        .refine(s => s.trim().length > 0, 'is empty'),
      snippetId: z.uuid('must be a snippet id').optional(),
      scriptSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest (64 hex digits)')
        .optional(),
      credentialId: credentialIdSchema,
      sudo: z.boolean({ error: 'must be true or false' }).default(false),
      concurrency: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(1, 'must be between 1 and 500')
        .max(500, 'must be between 1 and 500')
        .default(50),
      timeoutSeconds: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(1, 'must be between 1 and 3600')
        .max(3600, 'must be between 1 and 3600')
        .default(60),
    },
    { error: unknownKeys() },
  )
  .superRefine((v, ctx) => {
    if (v.snippetId !== undefined && v.scriptSha256 === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['scriptSha256'],
        message:
          "is required with snippetId: the digest of the snippet's script as you saw it",
      });
    }
    if (
      v.scriptSha256 !== undefined &&
      sha256Hex(v.script) !== v.scriptSha256
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['scriptSha256'],
        message: 'is not the SHA-256 of script',
      });
    }
  });

export type ValidBulkRunRequest = z.output<typeof bulkRunRequestSchema>;

/** POST /runs/:id/rerun */
export const rerunRequestSchema = z.strictObject(
  {
    targets: z
      .enum(['all', 'failed'], { error: "must be 'all' or 'failed'" })
      .default('failed'),
    credentialId: credentialIdSchema.optional(),
  },
  { error: unknownKeys() },
);

/** POST/PUT /snippets */
export const snippetInputSchema = z.strictObject(
  {
    name: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(100, 'must be at most 100 characters'),
    description: z
      .string()
      .max(2000, 'must be at most 2000 characters')
      .default(''),
    script: z
      .string({ error: 'is required' })
      .max(65536, 'must be at most 64 KiB')
      .refine(s => s.trim().length > 0, 'is empty'),
  },
  { error: unknownKeys() },
);

/** What changes from one topology to the other. */
export function diffTopology(
  before: ClusterTopology,
  after: ClusterTopology,
): TopologyDiff {
  const minus = (a: string[], b: string[]) => a.filter(ip => !b.includes(ip));
  const masters = {
    added: minus(after.masters, before.masters),
    removed: minus(before.masters, after.masters),
  };
  const workers = {
    added: minus(after.workers, before.workers),
    removed: minus(before.workers, after.workers),
  };
  const loadBalancer =
    (before.loadBalancerIp ?? null) === (after.loadBalancerIp ?? null)
      ? null
      : {
          from: before.loadBalancerIp ?? null,
          to: after.loadBalancerIp ?? null,
        };
  const empty =
    !loadBalancer &&
    [masters.added, masters.removed, workers.added, workers.removed].every(
      l => l.length === 0,
    );
  return { masters, workers, loadBalancer, empty };
}
