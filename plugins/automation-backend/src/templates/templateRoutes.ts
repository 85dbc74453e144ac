import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  automationDeletePermission,
  automationEditPermission,
  automationReadPermission,
  Inventory,
  Template,
  templateInputSchema,
  TemplateInput,
  templateUpdateSchema,
} from '@opssight/plugin-automation-common';
import { parseInput } from '@opssight/plugin-http-node';
import { pageQuery } from '@opssight/plugin-validation-common';
import { VaultRequestError, VaultService } from '@opssight/plugin-vault-node';
import { z } from 'zod';
import { checkOwner } from '../inventories/inventoryRoutes';
import { RouteContext } from '../service/context';
import { TemplatesStore } from './TemplatesStore';

const page = pageQuery(500);
const listQuerySchema = z.object({
  // An empty filter (`?projectId=`) is no filter.
  projectId: z
    .string()
    .trim()
    .optional()
    .transform(v => v || undefined),
  inventoryId: z
    .string()
    .trim()
    .optional()
    .transform(v => v || undefined),
  limit: page.limit.optional(),
  offset: page.offset.optional(),
});

/** Projects, as templates check them. */
export interface TemplateProjects {
  /**
   * A stored project's playbooks (its latest version), or null for a git
   * project (any path inside it will do). NotFoundError for no project.
   */
  playbooksOf(projectId: string): Promise<string[] | null>;
}

/** Inventories, as templates check them. */
export interface TemplateInventories {
  /** NotFoundError for no inventory. */
  get(id: string): Promise<Inventory>;
}

export interface TemplateRouteOptions {
  store: TemplatesStore;
  projects: TemplateProjects;
  inventories: TemplateInventories;
}

/** The credential kinds each credential field takes. */
const CREDENTIAL_FIELDS = {
  sshCredentialId: {
    kinds: ['ssh-key', 'password'],
    why: 'the SSH login is an SSH key or a password',
  },
  becomeCredentialId: {
    kinds: ['password'],
    why: 'become (sudo) takes a password',
  },
  vaultCredentialId: {
    kinds: ['password'],
    why: 'Ansible Vault files open with a password',
  },
} as const;

type CredentialField = keyof typeof CREDENTIAL_FIELDS;

const KIND_NAMES: Record<string, string> = {
  'ssh-key': 'an SSH key',
  password: 'a password',
  'api-token': 'an API token',
};

/**
 * Checks a credential the template names, as the caller sees it in the
 * vault: it exists, they may use it, and it is of a kind the field takes.
 * No secret leaves the vault.
 */
async function checkCredential(
  vault: VaultService,
  field: CredentialField,
  credentialId: string,
  credentials: BackstageCredentials,
) {
  let credential;
  try {
    credential = await vault.describeCredential({ credentialId, credentials });
  } catch (error) {
    if (error instanceof VaultRequestError && error.statusCode < 500) {
      throw new NotAllowedError(
        `${field}: the vault does not let you use the chosen credential`,
      );
    }
    throw new ServiceUnavailableError(
      `${field}: could not ask the vault about the chosen credential; try again`,
    );
  }
  if (!credential) {
    throw new InputError(
      `${field}: the chosen credential is not in the vault (deleted, or another user's personal credential)`,
    );
  }
  const { kinds, why } = CREDENTIAL_FIELDS[field];
  if (!(kinds as readonly string[]).includes(credential.kind)) {
    throw new InputError(
      `${field}: credential '${credential.name}' is ${
        KIND_NAMES[credential.kind] ?? credential.kind
      }; ${why}`,
    );
  }
}

/**
 * What the template refers to, checked against the world: the project and
 * its playbook, the inventory, and (for `credentialFields`) the vault.
 */
async function checkReferences(
  fields: TemplateInput,
  changed: Set<keyof TemplateInput>,
  options: TemplateRouteOptions & { vault: VaultService },
  credentials: BackstageCredentials,
) {
  if (changed.has('projectId') || changed.has('playbook')) {
    const playbooks = await options.projects
      .playbooksOf(fields.projectId)
      .catch(error => {
        throw error instanceof NotFoundError
          ? new InputError('projectId: no project with this id (deleted?)')
          : error;
      });
    if (playbooks && !playbooks.includes(fields.playbook)) {
      throw new InputError(
        `playbook: ${fields.playbook} is not one of the project's playbooks${
          playbooks.length
            ? ` (${playbooks.slice(0, 20).join(', ')})`
            : ' (it has none yet)'
        }`,
      );
    }
  }
  if (changed.has('inventoryId')) {
    await options.inventories.get(fields.inventoryId).catch(error => {
      throw error instanceof NotFoundError
        ? new InputError('inventoryId: no inventory with this id (deleted?)')
        : error;
    });
  }
  for (const field of Object.keys(CREDENTIAL_FIELDS) as CredentialField[]) {
    const credentialId = fields[field];
    if (credentialId && changed.has(field)) {
      await checkCredential(options.vault, field, credentialId, credentials);
    }
  }
}

/** What the audit trail keeps of a template: what it runs where, never its variables. */
function auditMeta(template: TemplateInput) {
  return {
    name: template.name,
    projectId: template.projectId,
    playbook: template.playbook,
    inventoryId: template.inventoryId,
    sshCredentialId: template.sshCredentialId,
    becomeCredentialId: template.becomeCredentialId,
    vaultCredentialId: template.vaultCredentialId,
  };
}

function fieldsOf(template: Template): TemplateInput {
  const { id, owner, createdAt, updatedAt, ...fields } = template;
  return fields;
}

/** GET/POST /templates, GET/PUT/DELETE /templates/{id}. */
export function templateRoutes(options: TemplateRouteOptions) {
  const { store } = options;
  return (ctx: RouteContext) => {
    const { router, guard, vault } = ctx;
    const checks = { ...options, vault };

    router.get('/templates', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      res.json(
        await store.list(parseInput(listQuerySchema, req.query, 'query')),
      );
    });

    router.post('/templates', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const input = parseInput(templateInputSchema, req.body, 'template');
      await checkReferences(
        input,
        new Set(Object.keys(input) as Array<keyof TemplateInput>),
        checks,
        credentials,
      );
      const template = await guard.audited(
        req,
        'template-create',
        auditMeta(input),
        async event => {
          const created = await store.create(input, actor);
          event.addMeta({ id: created.id });
          return created;
        },
      );
      res.status(201).json(template);
    });

    router.get('/templates/:id', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      res.json(await store.get(req.params.id));
    });

    router.put('/templates/:id', async (req, res) => {
      const caller = await guard.authorize(req, automationEditPermission);
      const update = parseInput(templateUpdateSchema, req.body, 'template');
      const current = await store.get(req.params.id);
      await checkOwner(ctx, current, 'Template', caller);
      const next: TemplateInput = { ...fieldsOf(current), ...update };
      // Only what changes is checked: an Admin editing another user's
      // template cannot see that user's personal credentials, and need not.
      const changed = new Set(
        (Object.keys(update) as Array<keyof TemplateInput>).filter(
          key => JSON.stringify(update[key]) !== JSON.stringify(current[key]),
        ),
      );
      await checkReferences(next, changed, checks, caller.credentials);
      const template = await guard.audited(
        req,
        'template-update',
        { id: current.id, ...auditMeta(next), fields: [...changed] },
        () => store.update(current.id, next),
      );
      res.json(template);
    });

    router.delete('/templates/:id', async (req, res) => {
      await guard.authorize(req, automationDeletePermission);
      const current = await store.get(req.params.id);
      await guard.audited(
        req,
        'template-delete',
        { id: current.id, name: current.name },
        () => store.delete(current.id),
      );
      res.status(204).end();
    });
  };
}
