import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CLUSTER_ENVIRONMENTS,
  createClusterSchema,
  topologyWarnings,
  ValidCreateClusterInput,
} from '@opssight/plugin-clusters-common';
import { describeIssues } from '@opssight/plugin-machines-common';
import { OpsSightApi } from '../OpsSightApi';

export const CREATE_CLUSTER_ACTION_ID = 'opssight:clusters:create';

type CreateClusterActionInput = {
  name: string;
  environment: string;
  description?: string;
  owner?: string;
  masters: string[];
  workers?: string[];
  loadBalancerIp?: string | null;
  apiUrl?: string | null;
  apiCaData?: string | null;
  apiTokenCredentialId?: string | null;
};

/**
 * Creates a cluster in the OpsSight clusters API as the user running the
 * template. Every node IP must be a registered machine by then (the wizard
 * registers the missing ones in the step before).
 */
export function createCreateClusterAction(options: { api: OpsSightApi }) {
  const { api } = options;
  return createTemplateAction({
    id: CREATE_CLUSTER_ACTION_ID,
    description:
      'Creates a Kubernetes cluster in OpsSight on behalf of the user; every node IP must be a registered machine.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create the cluster the wizard describes',
        example: [
          'steps:',
          '  - id: create-cluster',
          '    action: opssight:clusters:create',
          '    input:',
          '      name: ${{ parameters.name }}',
          '      environment: ${{ parameters.environment }}',
          '      owner: ${{ parameters.owner }}',
          '      masters: ${{ parameters.nodes.masters }}',
          '      workers: ${{ parameters.nodes.workers }}',
          '      loadBalancerIp: ${{ parameters.loadBalancerIp }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Cluster name: a DNS label (lower-case letters, digits, -), also the catalog entity name',
            ),
        environment: z =>
          z
            .string()
            .describe(`Environment, e.g. ${CLUSTER_ENVIRONMENTS.join(', ')}`),
        description: z => z.string().optional().describe('Description'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              "Owner entity reference such as 'group:default/platform-team'",
            ),
        masters: z =>
          z
            .array(z.string())
            .describe('Control-plane node IPs (registered machines)'),
        workers: z =>
          z
            .array(z.string())
            .optional()
            .describe('Worker node IPs (registered machines)'),
        loadBalancerIp: z =>
          z
            .string()
            .nullable()
            .optional()
            .describe('HAProxy / load-balancer IP in front of the API servers'),
        apiUrl: z =>
          z
            .string()
            .nullable()
            .optional()
            .describe('Kubernetes API server URL, e.g. https://10.0.0.10:6443'),
        apiCaData: z =>
          z
            .string()
            .nullable()
            .optional()
            .describe("The API server's CA certificate (base64 PEM)"),
        apiTokenCredentialId: z =>
          z
            .string()
            .nullable()
            .optional()
            .describe(
              'Vault credential (API token) for health checks against the Kubernetes API',
            ),
      },
      output: {
        clusterId: z =>
          z.string().describe('Id of the new cluster (empty in a dry run)'),
        name: z => z.string().describe('Name of the new cluster'),
        entityRef: z =>
          z
            .string()
            .describe("The cluster's catalog entity, resource:default/<name>"),
        clusterUrl: z =>
          z.string().describe("Path of the cluster's page in the portal"),
        warnings: z =>
          z
            .array(z.string())
            .describe(
              'Advice that did not block creation, e.g. an even number of masters',
            ),
      },
    },
    async handler(ctx) {
      const input = validate(ctx.input);
      const credentials = await ctx.getInitiatorCredentials();
      const warnings = topologyWarnings(input);
      for (const warning of warnings) ctx.logger.warn(warning);
      const summary = `${input.masters.length} master${
        input.masters.length === 1 ? '' : 's'
      } and ${input.workers.length} worker${
        input.workers.length === 1 ? '' : 's'
      }`;
      const entityRef = `resource:default/${input.name}`;

      if (ctx.isDryRun) {
        if (await api.findClusterByName(input.name, credentials)) {
          throw new ConflictError(
            `name: a cluster named '${input.name}' already exists`,
          );
        }
        ctx.logger.info(
          `Dry run: would create cluster ${input.name} (${input.environment}) with ${summary}`,
        );
        ctx.output('clusterId', '');
        ctx.output('name', input.name);
        ctx.output('entityRef', entityRef);
        ctx.output('clusterUrl', '/clusters');
        ctx.output('warnings', warnings);
        return;
      }

      ctx.logger.info(
        `Creating cluster ${input.name} (${input.environment}) with ${summary}`,
      );
      // A checkpoint, so that a task resumed after a restart does not create it twice.
      const created = await ctx.checkpoint({
        key: `create.${input.name}`,
        fn: async () => {
          try {
            const cluster = await api.createCluster(input, credentials);
            return {
              id: cluster.id,
              name: cluster.name,
              warnings: cluster.warnings ?? [],
            };
          } catch (error) {
            if (error instanceof Error) {
              error.message = `Could not create cluster '${input.name}': ${error.message}`;
            }
            throw error;
          }
        },
      });
      for (const warning of created.warnings) {
        if (!warnings.includes(warning)) {
          warnings.push(warning);
          ctx.logger.warn(warning);
        }
      }
      ctx.logger.info(`Created cluster ${created.name} (id ${created.id})`);
      ctx.output('clusterId', created.id);
      ctx.output('name', created.name);
      ctx.output('entityRef', `resource:default/${created.name}`);
      ctx.output('clusterUrl', `/clusters/${created.id}`);
      ctx.output('warnings', warnings);
    },
  });
}

/** The API's own rules, checked before anything is written (and all a dry run can check offline). */
function validate(input: CreateClusterActionInput): ValidCreateClusterInput {
  const optional = (value: string | null | undefined) =>
    value === undefined || value === null || value.trim() === ''
      ? undefined
      : value;
  const body = Object.fromEntries(
    Object.entries({
      name: input.name,
      environment: input.environment,
      description: input.description,
      owner: optional(input.owner),
      masters: input.masters,
      workers: input.workers,
      loadBalancerIp: optional(input.loadBalancerIp),
      apiUrl: optional(input.apiUrl),
      apiCaData: optional(input.apiCaData),
      apiTokenCredentialId: optional(input.apiTokenCredentialId),
    }).filter(([, value]) => value !== undefined),
  );
  const result = createClusterSchema.safeParse(body);
  if (!result.success) {
    throw new InputError(`Invalid cluster: ${describeIssues(result.error)}`);
  }
  return result.data;
}
