import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  describeIssues,
  MachineInput,
  machineInputSchema,
} from '@opssight/plugin-machines-common';
import { ZodError } from 'zod';
import { MachinesService } from '@opssight/plugin-machines-node';

export const REGISTER_MACHINES_ACTION_ID = 'opssight:machines:register';

type RegisteredMachine = { id: string; ip: string; hostname: string };

/**
 * Registers the machines a new cluster needs that the registry does not know
 * yet, as the user running the template. An IP that is already registered is
 * skipped, not an error: the wizard offers IPs for registration from a lookup
 * that may be a moment old.
 */
export function createRegisterMachinesAction(options: {
  machines: MachinesService;
}) {
  const { machines } = options;
  return createTemplateAction({
    id: REGISTER_MACHINES_ACTION_ID,
    description:
      'Registers machines in the OpsSight machine registry on behalf of the user; IPs already registered are skipped.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register the nodes the cluster wizard found missing',
        example: [
          'steps:',
          '  - id: register-machines',
          '    action: opssight:machines:register',
          '    input:',
          '      machines: ${{ parameters.nodes.register }}',
          '      owner: ${{ parameters.owner }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        machines: z =>
          z
            .array(
              z
                .object({
                  ip: z.string().describe('IPv4 or IPv6 address'),
                  hostname: z.string().describe('RFC 1123 host name'),
                })
                .passthrough(),
            )
            .optional()
            .describe('The machines to register; none when absent'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              "Owner entity reference such as 'group:default/platform-team'; the registry's default when absent",
            ),
        groups: z =>
          z
            .array(z.string())
            .optional()
            .describe('Machine groups to put the new machines in'),
        defaultCredentialId: z =>
          z
            .string()
            .optional()
            .describe(
              'Vault credential the machines log in with by default (connection tests, terminals)',
            ),
      },
      output: {
        registered: z =>
          z
            .array(
              z.object({
                id: z.string(),
                ip: z.string(),
                hostname: z.string(),
              }),
            )
            .describe('The machines this step registered'),
        skipped: z =>
          z
            .array(z.string())
            .describe('IPs that were already registered, left as they were'),
      },
    },
    async handler(ctx) {
      const inputs = validate(ctx.input);
      const credentials = await ctx.getInitiatorCredentials();
      const registered: RegisteredMachine[] = [];
      const skipped: string[] = [];

      for (const input of inputs) {
        const ip = input.ip;
        const [existing] = await machines.findByIps([ip], { credentials });
        if (existing) {
          ctx.logger.info(
            `${ip} is already registered as ${existing.hostname}; skipped`,
          );
          skipped.push(ip);
          continue;
        }
        if (ctx.isDryRun) {
          ctx.logger.info(`Dry run: would register ${input.hostname} (${ip})`);
          continue;
        }
        ctx.logger.info(`Registering ${input.hostname} (${ip})`);
        // A checkpoint, so that a task resumed after a restart does not register twice.
        const outcome = await ctx.checkpoint({
          key: `register.${ip}`,
          fn: async () => {
            try {
              const machine = await machines.create(input, { credentials });
              return {
                id: machine.id,
                ip: machine.ip,
                hostname: machine.hostname,
              };
            } catch (error) {
              // Registered by someone else since the lookup.
              if (error instanceof ConflictError)
                return { conflict: error.message };
              throw failure(error, input, registered);
            }
          },
        });
        if ('conflict' in outcome) {
          ctx.logger.info(
            `${ip} was registered meanwhile (${outcome.conflict}); skipped`,
          );
          skipped.push(ip);
        } else {
          ctx.logger.info(
            `Registered ${outcome.hostname} (${outcome.ip}) as machine ${outcome.id}`,
          );
          registered.push(outcome);
        }
      }

      ctx.logger.info(
        ctx.isDryRun
          ? `Dry run: ${inputs.length - skipped.length} to register, ${
              skipped.length
            } already registered`
          : `${registered.length} registered, ${skipped.length} already registered`,
      );
      ctx.output('registered', registered);
      ctx.output('skipped', skipped);
    },
  });
}

/**
 * Checks every entry before registering any, so that a typo in the last host
 * name does not leave the first ones registered and the step failed.
 */
function validate(input: {
  machines?: Array<{ ip: string; hostname: string }>;
  owner?: string;
  groups?: string[];
  defaultCredentialId?: string;
}): MachineInput[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const valid: MachineInput[] = [];
  (input.machines ?? []).forEach((entry, index) => {
    const result = machineInputSchema.safeParse({
      ip: entry.ip,
      hostname: entry.hostname,
      ...(input.owner ? { owner: input.owner } : {}),
      ...(input.groups?.length ? { groups: input.groups } : {}),
      ...(input.defaultCredentialId
        ? { defaultCredentialId: input.defaultCredentialId }
        : {}),
    });
    if (!result.success) {
      problems.push(
        describeIssues(
          new ZodError(
            result.error.issues.map(issue => ({
              ...issue,
              path: ['machines', index, ...issue.path],
            })),
          ),
        ),
      );
      return;
    }
    const first = seen.get(result.data.ip);
    if (first !== undefined) {
      problems.push(
        `machines.${index}.ip: ${result.data.ip} is already listed as machines.${first}`,
      );
      return;
    }
    seen.set(result.data.ip, index);
    valid.push({
      ip: result.data.ip,
      hostname: result.data.hostname,
      owner: result.data.owner,
      groups: result.data.groups,
      defaultCredentialId: result.data.defaultCredentialId,
    });
  });
  if (problems.length) {
    throw new InputError(problems.join('; '));
  }
  return valid;
}

/** The API's message (it names the field), with which machine it was about and what is already done. */
function failure(
  error: unknown,
  input: MachineInput,
  registered: RegisteredMachine[],
): Error {
  const done = registered.length
    ? ` (registered before this: ${registered.map(m => m.ip).join(', ')})`
    : '';
  const message = `Could not register ${input.hostname} (${input.ip}): ${
    error instanceof Error ? error.message : String(error)
  }${done}`;
  if (error instanceof Error) {
    // Keep the class (InputError, NotAllowedError, …): it says what went wrong.
    error.message = message;
    return error;
  }
  return new Error(message);
}
