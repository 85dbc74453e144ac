import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  AuditorService,
  AuthService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AuditAction,
  AuditActionList,
  auditEntryQuerySchema,
  auditExportQuerySchema,
  auditReadPermission,
  describeAuditQueryIssues,
} from '@opssight/plugin-audit-common';
import { drainedOrClosed } from '@opssight/plugin-http-node';
import express, { Request } from 'express';
import { z } from 'zod';
import { AuditStore } from '../database/AuditStore';
import { spec } from '../schema/openapi.generated';
import { describeTarget, resolveTargets } from './targets';

// Typed OpenAPI requests differ in their params; these helpers take any of them.
type AnyRequest = Request<any, any, any, any, any>;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  store: AuditStore;
  /** For naming machines and clusters from the catalog; without them names come from the trail only. */
  discovery?: DiscoveryService;
  auth?: AuthService;
}

function parseQuery<S extends z.ZodType>(schema: S, query: unknown) {
  const result = schema.safeParse(query);
  if (!result.success) {
    throw new InputError(
      `Invalid filters: ${describeAuditQueryIssues(result.error)}`,
    );
  }
  return result.data as z.output<S>;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, logger, store, discovery, auth } =
    options;
  const router = createValidatedOpenApiRouter<typeof spec>(spec, {
    // The spec types the routes; the zod schemas from audit-common validate,
    // after the permission check, so a denied caller learns nothing from a 400.
    validatorOptions: { validateRequests: false },
  });

  /** Identity, then permission; a denial is recorded in the trail before the 403. */
  async function authorizeRead(req: AnyRequest, route: string) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: auditReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const event = await auditor.createEvent({
        eventId: 'trail-read',
        severityLevel: 'high',
        request: req,
        meta: { route },
      });
      const error = new NotAllowedError(
        `Reading the audit trail needs the ${auditReadPermission.name} permission`,
      );
      await event.fail({ error });
      throw error;
    }
  }

  router.get('/entries', async (req, res) => {
    await authorizeRead(req, 'entries');
    const query = parseQuery(auditEntryQuerySchema, req.query);
    res.json(await store.list(query));
  });

  // One item per action: the entry written before it ran with the one holding
  // its outcome, and its target named (both entries stay links of the chain).
  router.get('/actions', async (req, res) => {
    await authorizeRead(req, 'actions');
    const query = parseQuery(auditEntryQuerySchema, req.query);
    const page = await store.listActions(query);
    const items: AuditAction[] = page.items.map(({ start, end }) => ({
      start,
      end,
      outcome: end?.outcome ?? start.outcome,
      target: describeTarget(start, end),
    }));
    await resolveTargets(
      items.map(item => item.target),
      {
        entriesAbout: ids => store.entriesAbout(ids),
        discovery,
        auth,
        logger,
      },
    );
    const body: AuditActionList = { items, totalCount: page.totalCount };
    res.json(body);
  });

  router.get('/action-names', async (req, res) => {
    await authorizeRead(req, 'action-names');
    res.json({ items: await store.actionNames() });
  });

  router.get('/export', async (req, res) => {
    await authorizeRead(req, 'export');
    const filter = parseQuery(auditExportQuerySchema, req.query);
    const entries = store.export(filter)[Symbol.asyncIterator]();
    // The first batch is read before the headers go out, so a database error is still a clean 5xx.
    const first = await entries.next();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="opssight-audit-${stamp}.jsonl"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    try {
      for (let next = first; !next.done; next = await entries.next()) {
        if (!res.write(`${JSON.stringify(next.value)}\n`)) {
          await drainedOrClosed(res);
        }
        if (res.destroyed) {
          // The client went away: stop reading the trail.
          await entries.return?.();
          return;
        }
      }
    } catch (error) {
      // Too late for a status code: cut the download short so it is not mistaken for complete.
      logger.error('Audit trail export failed part way', error as Error);
      res.destroy();
      return;
    }
    res.end();
  });

  router.get('/verify', async (req, res) => {
    await authorizeRead(req, 'verify');
    res.json(await store.verify());
  });

  return router;
}
