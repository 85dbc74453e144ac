import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  automationDeletePermission,
  automationEditPermission,
  automationReadPermission,
  Inventory,
  inventoryInputSchema,
  inventoryUpdateSchema,
} from '@opssight/plugin-automation-common';
import { parseInput } from '@opssight/plugin-http-node';
import { pageQuery } from '@opssight/plugin-validation-common';
import { z } from 'zod';
import { RouteContext } from '../service/context';
import { InventoriesStore } from './InventoriesStore';
import {
  FullyResolvedInventory,
  InventoryDefinition,
  resolvedView,
} from './resolveInventory';

const page = pageQuery(500);
const listQuerySchema = z.object({
  limit: page.limit.optional(),
  offset: page.offset.optional(),
});

export interface InventoryRouteOptions {
  store: InventoriesStore;
  resolve(
    definition: InventoryDefinition,
    credentials: BackstageCredentials,
  ): Promise<FullyResolvedInventory>;
  /** Names of the templates that run on the inventory (deleting it is refused while any do). */
  templatesUsing(inventoryId: string): Promise<string[]>;
}

/** Only the owner changes an inventory, or a user who may act on others' things (Admins). */
export async function checkOwner(
  ctx: RouteContext,
  thing: { owner: string; name: string },
  what: string,
  caller: { credentials: BackstageCredentials; actor: string },
): Promise<void> {
  if (thing.owner === caller.actor) return;
  if (await ctx.mayActOnOthers(caller.credentials)) return;
  throw new NotAllowedError(
    `${what} '${thing.name}' is ${thing.owner}'s; only they or an Admin can change it`,
  );
}

/** GET/POST /inventories, GET/PUT/DELETE /inventories/{id}, …/resolved, /inventories/preview. */
export function inventoryRoutes(options: InventoryRouteOptions) {
  const { store, resolve, templatesUsing } = options;
  return (ctx: RouteContext) => {
    const { router, guard } = ctx;

    router.get('/inventories', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      res.json(
        await store.list(parseInput(listQuerySchema, req.query, 'query')),
      );
    });

    router.post('/inventories', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const input = parseInput(inventoryInputSchema, req.body, 'inventory');
      // What a run would refuse is refused now: text Ansible cannot read, unregistered hosts.
      await resolve(input, credentials);
      const inventory = await guard.audited(
        req,
        'inventory-create',
        { name: input.name, sourceKind: input.source.kind },
        async event => {
          const created = await store.create(input, actor);
          event.addMeta({ id: created.id });
          return created;
        },
      );
      res.status(201).json(inventory);
    });

    router.post('/inventories/preview', async (req, res) => {
      const { credentials } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const input = parseInput(inventoryInputSchema, req.body, 'inventory');
      res.json(resolvedView(await resolve(input, credentials)));
    });

    router.get('/inventories/:id', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      res.json(await store.get(req.params.id));
    });

    router.get('/inventories/:id/resolved', async (req, res) => {
      const { credentials } = await guard.authorize(
        req,
        automationReadPermission,
      );
      const inventory = await store.get(req.params.id);
      res.json(resolvedView(await resolve(inventory, credentials)));
    });

    router.put('/inventories/:id', async (req, res) => {
      const caller = await guard.authorize(req, automationEditPermission);
      const update = parseInput(inventoryUpdateSchema, req.body, 'inventory');
      const current = await store.get(req.params.id);
      await checkOwner(ctx, current, 'Inventory', caller);
      const next: Inventory = { ...current, ...update };
      if (update.source) await resolve(next, caller.credentials);
      const inventory = await guard.audited(
        req,
        'inventory-update',
        {
          id: current.id,
          name: current.name,
          fields: Object.keys(update),
          ...(update.name && update.name !== current.name
            ? { newName: update.name }
            : {}),
        },
        () => store.update(current.id, next),
      );
      res.json(inventory);
    });

    router.delete('/inventories/:id', async (req, res) => {
      await guard.authorize(req, automationDeletePermission);
      const current = await store.get(req.params.id);
      await guard.audited(
        req,
        'inventory-delete',
        { id: current.id, name: current.name },
        async () => {
          const users = await templatesUsing(current.id);
          if (users.length) {
            throw new ConflictError(
              `Inventory '${current.name}' is used by ${
                users.length === 1 ? 'template' : 'templates'
              } ${users.map(n => `'${n}'`).join(', ')}; change or delete ${
                users.length === 1 ? 'it' : 'them'
              } first`,
            );
          }
          await store.delete(current.id);
        },
      );
      res.status(204).end();
    });
  };
}
