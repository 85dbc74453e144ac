import { unknownKeys } from '@opssight/plugin-validation-common';
import { z } from 'zod';
import { descriptionSchema, idOf, nameSchema } from './fields';
import { surveySchema, type SurveyQuestion } from './survey';
import { addVariablesIssue } from './inventories';

/*
 * The templates part of the automation API. `Template` and
 * `TemplateOptions` are the contract the runs and schedules parts build on;
 * the request schemas (zod) sit beside them.
 */

/** How ansible-playbook is run for a template; every field shown in the UI with its default. */
export type TemplateOptions = {
  /** `--limit`: host or group patterns. */
  limit: string[];
  tags: string[];
  skipTags: string[];
  /** `--check`: report what would change, change nothing. */
  check: boolean;
  /** `--diff`. */
  diff: boolean;
  /** 0 to 4 (`-v` … `-vvvv`). */
  verbosity: number;
  /** Hosts at once; null: the default (the run's concurrency setting). */
  forks: number | null;
  /** The whole run's limit, in seconds; null: the default. */
  timeoutSeconds: number | null;
};

/** A template: what to run, where, as whom, and how. */
export type Template = {
  id: string;
  name: string;
  description: string;
  projectId: string;
  /** The playbook's path inside the project, e.g. `site.yml`. */
  playbook: string;
  inventoryId: string;
  /** Vault credential (SSH key or password) the run logs in with. */
  sshCredentialId: string;
  /** Vault credential whose password is the become (sudo) password. */
  becomeCredentialId: string | null;
  /** Vault credential whose password opens Ansible Vault files. */
  vaultCredentialId: string | null;
  /** Extra variables as YAML text (a mapping), validated on save. */
  extraVars: string;
  options: TemplateOptions;
  survey: SurveyQuestion[];
  /** Only one run of this template at a time: a second is refused while one is live. */
  oneAtATime: boolean;
  /** Who created it (`user:default/alice`); only they or an Admin change it. */
  owner: string;
  createdAt: string;
  updatedAt: string;
};

export type TemplateList = { items: Template[]; totalCount: number };

/** What a template's options are unless it says otherwise. */
export const DEFAULT_TEMPLATE_OPTIONS: TemplateOptions = {
  limit: [],
  tags: [],
  skipTags: [],
  check: false,
  diff: false,
  verbosity: 0,
  forks: null,
  timeoutSeconds: null,
};

/** Host patterns and tags: one word each, never something ansible-playbook could read as an option. */
const words = (what: string) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1, 'must not be empty')
        .max(200, 'must be at most 200 characters')
        .regex(
          /^[^\s,-][^\s,]*$/,
          `must be one ${what}, without spaces or commas`,
        ),
    )
    .max(100, 'at most 100');

const wholeNumber = (
  min: number,
  max: number,
  outside = `must be between ${min} and ${max}`,
) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, outside)
    .max(max, outside);

export const templateOptionsSchema = z.strictObject(
  {
    limit: words('host or group pattern').default([]),
    tags: words('tag').default([]),
    skipTags: words('tag').default([]),
    check: z.boolean({ error: 'must be true or false' }).default(false),
    diff: z.boolean({ error: 'must be true or false' }).default(false),
    verbosity: wholeNumber(0, 4).default(0),
    forks: wholeNumber(1, 200).nullable().default(null),
    timeoutSeconds: wholeNumber(
      10,
      86_400,
      'must be between 10 seconds and 24 hours (86400)',
    )
      .nullable()
      .default(null),
  },
  { error: unknownKeys() },
);

/**
 * A playbook's path inside its project: relative, inside the project (no
 * `..`), a YAML file.
 */
export const playbookPathSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(500, 'must be at most 500 characters')
  .refine(
    path =>
      !path.startsWith('/') &&
      !path.includes('\\') &&
      path
        .split('/')
        .every(part => part !== '' && part !== '.' && part !== '..'),
    'must be a path inside the project, such as site.yml or playbooks/deploy.yml',
  )
  .refine(path => /\.ya?ml$/.test(path), 'must be a .yml or .yaml file');

const templateFields = {
  name: nameSchema,
  description: descriptionSchema,
  projectId: idOf('a project'),
  playbook: playbookPathSchema,
  inventoryId: idOf('an inventory'),
  sshCredentialId: idOf('a credential'),
  becomeCredentialId: idOf('a credential').nullable(),
  vaultCredentialId: idOf('a credential').nullable(),
  extraVars: z
    .string()
    .max(100_000, 'must be at most 100,000 characters')
    .superRefine((text, ctx) => addVariablesIssue(text, 'extraVars', [], ctx)),
  options: templateOptionsSchema,
  survey: surveySchema,
  oneAtATime: z.boolean({ error: 'must be true or false' }),
};

/** POST /templates. */
export const templateInputSchema = z.strictObject(
  {
    ...templateFields,
    description: templateFields.description.default(''),
    becomeCredentialId: templateFields.becomeCredentialId.default(null),
    vaultCredentialId: templateFields.vaultCredentialId.default(null),
    extraVars: templateFields.extraVars.default(''),
    options: templateOptionsSchema.default(DEFAULT_TEMPLATE_OPTIONS),
    survey: surveySchema.default([]),
    oneAtATime: templateFields.oneAtATime.default(false),
  },
  { error: unknownKeys() },
);

export type TemplateInput = z.output<typeof templateInputSchema>;

/** PUT /templates/{id}: the fields to change; the others stay. */
export const templateUpdateSchema = z.strictObject(
  {
    name: templateFields.name.optional(),
    description: templateFields.description.optional(),
    projectId: templateFields.projectId.optional(),
    playbook: templateFields.playbook.optional(),
    inventoryId: templateFields.inventoryId.optional(),
    sshCredentialId: templateFields.sshCredentialId.optional(),
    becomeCredentialId: templateFields.becomeCredentialId.optional(),
    vaultCredentialId: templateFields.vaultCredentialId.optional(),
    extraVars: templateFields.extraVars.optional(),
    options: templateOptionsSchema.optional(),
    survey: surveySchema.optional(),
    oneAtATime: templateFields.oneAtATime.optional(),
  },
  { error: unknownKeys() },
);

export type TemplateUpdate = z.output<typeof templateUpdateSchema>;
