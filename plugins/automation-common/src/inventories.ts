import { unknownKeys } from '@opssight/plugin-validation-common';
import { z } from 'zod';
import { descriptionSchema, idOf, nameSchema } from './fields';
import { parseVariables } from './variables';

/*
 * The inventories part of the automation API: what an inventory is, what the
 * resolved preview answers, and the request schemas (zod), so the forms check
 * what the API checks.
 */

/** Where an inventory's hosts come from. */
export type InventorySource =
  | {
      /** Live from the machine registry, resolved anew for every run. */
      kind: 'registry';
      /** Registry group names: each becomes an Ansible group. */
      groups: string[];
      /** Registry tags: each becomes the group `tag_<tag>`. */
      tags: string[];
      machineIds: string[];
      /** A cluster: its nodes in Kubespray's groups, its load balancer as a variable. */
      clusterId: string | null;
    }
  | {
      /** Ansible inventory text; every host must be a registered machine. */
      kind: 'static';
      format: 'yaml' | 'ini';
      text: string;
    };

export type Inventory = {
  id: string;
  name: string;
  description: string;
  source: InventorySource;
  /** Variables of every host (group `all`), as YAML text. */
  vars: string;
  /** Group name → that group's variables as YAML text. */
  groupVars: Record<string, string>;
  /** Host name (inventory_hostname) → that host's variables as YAML text. */
  hostVars: Record<string, string>;
  /** Who created it; only they or an Admin change it. */
  owner: string;
  createdAt: string;
  updatedAt: string;
};

export type InventoryList = { items: Inventory[]; totalCount: number };

/** One host as a run would reach it right now. */
export type ResolvedInventoryHost = {
  /** `inventory_hostname`. */
  name: string;
  address: string;
  port: number;
  /** null: the SSH credential's username. */
  user: string | null;
  machineId: string;
};

/** A machine the inventory names that a run would leave out, and why. */
export type InventoryUnreadyMachine = {
  machineId: string;
  hostname: string;
  address: string;
  /** e.g. `no pinned host key`: a connection test pins it. */
  problem: string;
};

/** An inventory as it resolves right now (GET /inventories/{id}/resolved, POST /inventories/preview). */
export type ResolvedInventoryView = {
  /** Group name → its hosts (those of its child groups included) and its child groups. */
  groups: Record<string, { hosts: string[]; children: string[] }>;
  hosts: ResolvedInventoryHost[];
  unready: InventoryUnreadyMachine[];
};

/** Ansible's rule for a group name. */
export const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

const nameList = (max: number) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(100, 'must be at most 100 characters'),
    )
    .max(max, `at most ${max}`)
    .refine(list => new Set(list).size === list.length, 'each name once');

const registrySourceSchema = z.strictObject(
  {
    kind: z.literal('registry'),
    groups: nameList(100).default([]),
    tags: nameList(100).default([]),
    machineIds: z
      .array(idOf('a machine'))
      .max(5000, 'at most 5000 machines')
      .default([]),
    clusterId: idOf('a cluster').nullable().default(null),
  },
  { error: unknownKeys() },
);

const staticSourceSchema = z.strictObject(
  {
    kind: z.literal('static'),
    format: z.enum(['yaml', 'ini'], { error: "must be 'yaml' or 'ini'" }),
    text: z
      .string({ error: 'is required' })
      .max(1_000_000, 'must be at most 1,000,000 characters')
      .refine(t => t.trim() !== '', 'must not be empty'),
  },
  { error: unknownKeys() },
);

export const inventorySourceSchema = z
  .discriminatedUnion('kind', [registrySourceSchema, staticSourceSchema], {
    error: "kind: must be 'registry' or 'static'",
  })
  .superRefine((source, ctx) => {
    if (
      source.kind === 'registry' &&
      !source.groups.length &&
      !source.tags.length &&
      !source.machineIds.length &&
      !source.clusterId
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'choose at least one group, tag, machine or cluster',
      });
    }
  });

/**
 * A variables field's problem as a zod issue at `path` (relative to the
 * schema refining): `vars.ansible_host` names the variable,
 * `groupVars.web` the group whose text does not parse.
 *
 * @internal
 */
export function addVariablesIssue(
  text: string,
  field: string,
  path: string[],
  ctx: z.RefinementCtx,
): void {
  const result = parseVariables(text, field);
  if (!('problem' in result)) return;
  const rest = result.problem.slice(field.length);
  const colon = rest.indexOf(': ');
  const variable = rest.startsWith('.') ? rest.slice(1, colon) : undefined;
  ctx.addIssue({
    code: 'custom',
    path: variable ? [...path, variable] : path,
    message: rest.slice(colon + 2),
  });
}

const variablesText = z
  .string()
  .max(100_000, 'must be at most 100,000 characters');

const variablesByName = (
  what: string,
  nameProblem: (name: string) => string | undefined,
) =>
  z
    .record(z.string(), variablesText)
    .refine(map => Object.keys(map).length <= 1000, `at most 1000 ${what}s`)
    .superRefine((map, ctx) => {
      for (const name of Object.keys(map)) {
        const problem = nameProblem(name);
        if (problem)
          ctx.addIssue({ code: 'custom', path: [name], message: problem });
      }
    });

const groupVarsSchema = variablesByName('group', name =>
  GROUP_NAME.test(name)
    ? undefined
    : 'a group name is letters, digits and _, not starting with a digit',
);

const hostVarsSchema = variablesByName('host', name =>
  /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/.test(name)
    ? undefined
    : 'is not a host name',
);

const inventoryFields = {
  name: nameSchema,
  description: descriptionSchema.default(''),
  source: inventorySourceSchema,
  vars: variablesText.default(''),
  groupVars: groupVarsSchema.default({}),
  hostVars: hostVarsSchema.default({}),
};

/** Every variables field parses and sets no connection variable. */
function checkVariables(
  input: Partial<Pick<Inventory, 'vars' | 'groupVars' | 'hostVars'>>,
  ctx: z.RefinementCtx,
) {
  if (input.vars !== undefined) {
    addVariablesIssue(input.vars, 'vars', ['vars'], ctx);
  }
  for (const field of ['groupVars', 'hostVars'] as const) {
    for (const [name, text] of Object.entries(input[field] ?? {})) {
      addVariablesIssue(text, `${field}.${name}`, [field, name], ctx);
    }
  }
}

/** POST /inventories and POST /inventories/preview. */
export const inventoryInputSchema = z
  .strictObject(inventoryFields, { error: unknownKeys() })
  .superRefine(checkVariables);

export type InventoryInput = z.output<typeof inventoryInputSchema>;

/** PUT /inventories/{id}: the fields to change; the others stay. */
export const inventoryUpdateSchema = z
  .strictObject(
    {
      name: nameSchema.optional(),
      description: descriptionSchema.optional(),
      source: inventorySourceSchema.optional(),
      vars: variablesText.optional(),
      groupVars: groupVarsSchema.optional(),
      hostVars: hostVarsSchema.optional(),
    },
    { error: unknownKeys() },
  )
  .superRefine(checkVariables);

export type InventoryUpdate = z.output<typeof inventoryUpdateSchema>;
