import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
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
import { usableCredential, VaultService } from '@opssight/plugin-vault-node';
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

/** The credential kinds each credential field takes, and why. */
const CREDENTIAL_FIELDS = {
  sshCredentialId: {
    accepted: ['ssh-key', 'password'],
    why: 'the SSH login is an SSH key or a password',
  },
  becomeCredentialId: {
    accepted: ['password'],
    why: 'become (sudo) takes a password',
  },
  vaultCredentialId: {
    accepted: ['password'],
    why: 'Ansible Vault files open with a password',
  },
} as const;

type CredentialField = keyof typeof CREDENTIAL_FIELDS;

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
      // No secret leaves the vault: it says what the credential is, as the caller sees it.
      await usableCredential(options.vault, {
        credentialId,
        credentials,
        field,
        kinds: CREDENTIAL_FIELDS[field],
      });
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
