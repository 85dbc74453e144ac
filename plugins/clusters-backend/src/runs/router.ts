import {
  AuditorService,
  BackstageCredentials,
  DatabaseService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { createRouteGuard, parseInput } from '@opssight/plugin-http-node';
import {
  BULK_SCRIPT_JOB_KIND,
  BulkRunParams,
  bulkRunRequestSchema,
  rerunRequestSchema,
  runCreatePermission,
  runManageOthersPermission,
  runReadPermission,
  sha256Hex,
  Snippet,
  snippetInputSchema,
} from '@opssight/plugin-clusters-common';
import { isFinalJobStatus, Job } from '@opssight/plugin-jobs-common';
import { JobEngine } from '@opssight/plugin-jobs-node';
import {
  noSshUserMessage,
  sshLoginUser,
} from '@opssight/plugin-machines-common';
import { MachinesService } from '@opssight/plugin-machines-node';
import {
  checkoutRefusal,
  CredentialCheckout,
  VaultService,
} from '@opssight/plugin-vault-node';
import express from 'express';
import Router from 'express-promise-router';
import { pageQuery } from '@opssight/plugin-validation-common';
import { z } from 'zod';
import type { RunTargetMeta } from './bulkScriptHandler';
import { DatabaseSnippetStore } from './DatabaseSnippetStore';
import { ResolveClusterNodes, RunTargets } from './RunTargets';
import { SnippetStore, StoredSnippet } from './SnippetStore';

/**
 * What {@link createRunsRouter} needs. `engine` is the plugin's job engine,
 * created with {@link bulkScriptHandler} among its handlers.
 *
 * @public
 */
export interface RunsRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The plugin's database; holds the snippets (migrations/…_snippets.js). */
  database: DatabaseService;
  vault: VaultService;
  /** The machine registry, for the machines a run targets. */
  machines: MachinesService;
  engine: JobEngine;
  /** A cluster's nodes on the user's behalf, for runs on `{ clusterId, role }`. */
  resolveClusterNodes: ResolveClusterNodes;
}

const page = pageQuery(500);
const listQuerySchema = z.object({
  clusterId: z.uuid('must be a cluster id').optional(),
  limit: page.limit.optional(),
  offset: page.offset.optional(),
});

/** `alice` for `user:default/alice`: how people name each other. */
function userName(entityRef: string): string {
  return entityRef.replace(/^user:(default\/)?/i, '');
}

/** Seconds a host may take to connect on top of its script time, for the run's overall limit. */
const CONNECT_ALLOWANCE_SECONDS = 20;

/**
 * The overall limit of a run: every wave of `concurrency` hosts taking its
 * full per-host time, plus a minute. The per-host timeouts end a run long
 * before; this only stops a run that hangs for another reason.
 */
function runTimeoutMs(params: BulkRunParams, hosts: number): number {
  const waves = Math.ceil(hosts / params.concurrency);
  return (
    (waves * (params.timeoutSeconds + CONNECT_ALLOWANCE_SECONDS) + 60) * 1000
  );
}

/** A title for lists: the snippet's name, or the script's first command. */
function runTitle(params: BulkRunParams, hosts: number): string {
  const firstLine =
    params.script
      .split('\n')
      .map(line => line.trim())
      .find(line => line && !line.startsWith('#')) ?? 'script';
  const what =
    params.snippetName ??
    (firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : firstLine);
  return `${what} on ${hosts} host${hosts === 1 ? '' : 's'}`;
}

/**
 * Bulk script runs and saved snippets: `/runs…` and `/snippets…`. A plain
 * router for the plugin's main router to mount (which parses JSON bodies);
 * requests are validated here, after the permission check.
 *
 * @public
 */
export async function createRunsRouter(
  options: RunsRouterOptions,
): Promise<express.Router> {
  const { engine, vault } = options;
  const router = Router();
  const { authorize, audited } = createRouteGuard(options);
  const snippets: SnippetStore = await DatabaseSnippetStore.create({
    database: options.database,
  });
  const targets = new RunTargets(options);

  /** The credential sealed, on the user's behalf: what the job keeps as its secret. */
  async function checkout(
    credentialId: string,
    credentials: BackstageCredentials,
    hosts: ReadonlyArray<{ label: string; meta?: unknown }>,
  ): Promise<JsonObject> {
    let sealed: CredentialCheckout;
    try {
      sealed = await vault.checkout({ credentialId, credentials });
    } catch (error) {
      throw checkoutRefusal(error, { where: 'credentialId', credentialId });
    }
    if (sealed.kind === 'api-token') {
      throw new InputError(
        `credentialId: '${credentialId}' is an API token; a bulk run logs in with an SSH key or a password`,
      );
    }
    const nobody = hosts.find(
      host =>
        !sshLoginUser(
          (host.meta ?? {}) as Partial<RunTargetMeta>,
          sealed.username,
        ),
    );
    if (nobody) {
      throw new InputError(
        `credentialId: ${noSshUserMessage({ hostname: nobody.label })}`,
      );
    }
    return sealed as unknown as JsonObject;
  }

  async function bulkRun(id: string): Promise<Job> {
    const job = await engine.get(id);
    if (!job || job.kind !== BULK_SCRIPT_JOB_KIND) {
      throw new NotFoundError(`No bulk run with id '${id}'`);
    }
    return job;
  }

  /**
   * Whether the user may act on other users' runs and snippets (Admins).
   * Asked only when the thing is someone else's, so it is no denial to audit.
   */
  async function mayActOnOthers(
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await options.permissions.authorize(
      [{ permission: runManageOthersPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  function withAccess(
    snippet: StoredSnippet,
    actor: string,
    admin: boolean,
  ): Snippet {
    return { ...snippet, canEdit: admin || snippet.owner === actor };
  }

  /** The snippet, if the user may change it; 403 naming its owner otherwise. */
  async function snippetToChange(
    id: string,
    credentials: BackstageCredentials,
    actor: string,
    verb: 'edit' | 'delete',
  ): Promise<StoredSnippet> {
    const snippet = await snippets.get(id);
    if (snippet.owner !== actor && !(await mayActOnOthers(credentials))) {
      throw new NotAllowedError(
        snippet.owner
          ? `Only ${userName(snippet.owner)}, who saved the snippet '${
              snippet.name
            }', or an Admin may ${verb} it; copy it to make your own`
          : `The snippet '${snippet.name}' was saved before snippets had owners: only an Admin may ${verb} it; copy it to make your own`,
      );
    }
    return snippet;
  }

  async function snippetForRun(id: string) {
    try {
      return await snippets.get(id);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new InputError(`snippetId: no snippet with id '${id}'`);
      }
      throw error;
    }
  }

  router.post('/runs', async (req, res) => {
    const { credentials, actor } = await authorize(req, runCreatePermission);
    const input = parseInput(bulkRunRequestSchema, req.body, 'bulk run');
    const snippet = input.snippetId
      ? await snippetForRun(input.snippetId)
      : undefined;
    // The run executes the text the user saw and sent, never the snippet as it
    // is now: a snippet changed since it was opened must not run unseen.
    if (snippet && sha256Hex(snippet.script) !== input.scriptSha256) {
      throw new ConflictError(
        `snippetId: the snippet '${snippet.name}' changed since you opened it; open it again and check what it runs now`,
      );
    }
    const params: BulkRunParams = {
      script: input.script,
      snippetName: snippet?.name ?? null,
      credentialId: input.credentialId,
      sudo: input.sudo,
      concurrency: input.concurrency,
      timeoutSeconds: input.timeoutSeconds,
      targets: input.targets,
      clusterId: 'clusterId' in input.targets ? input.targets.clusterId : null,
    };
    const hosts = await targets.resolve(input.targets, credentials);
    const job = await audited(
      req,
      'bulk-run-create',
      {
        script: params.script,
        snippetId: input.snippetId ?? null,
        snippetName: params.snippetName,
        targets: params.targets,
        machineIds: hosts.map(h => h.key),
        credentialId: params.credentialId,
        sudo: params.sudo,
        concurrency: params.concurrency,
        timeoutSeconds: params.timeoutSeconds,
      },
      async () =>
        engine.enqueue({
          kind: BULK_SCRIPT_JOB_KIND,
          title: runTitle(params, hosts.length),
          subject: params.clusterId ? `cluster:${params.clusterId}` : null,
          params,
          targets: hosts,
          timeoutMs: runTimeoutMs(params, hosts.length),
          createdBy: actor,
          secret: await checkout(params.credentialId, credentials, hosts),
        }),
    );
    res.status(201).json(job);
  });

  router.get('/runs', async (req, res) => {
    await authorize(req, runReadPermission);
    const query = parseInput(listQuerySchema, req.query, 'query');
    res.json(
      await engine.list({
        kind: BULK_SCRIPT_JOB_KIND,
        subject: query.clusterId ? `cluster:${query.clusterId}` : undefined,
        limit: query.limit,
        offset: query.offset,
      }),
    );
  });

  router.get('/runs/:id', async (req, res) => {
    await authorize(req, runReadPermission);
    const job = await bulkRun(req.params.id);
    res.json({ job, targets: await engine.getTargets(job.id) });
  });

  router.get('/runs/:id/events', async (req, res) => {
    await authorize(req, runReadPermission);
    const job = await bulkRun(req.params.id);
    await engine.streamEvents(job.id, req, res);
  });

  router.post('/runs/:id/cancel', async (req, res) => {
    const { credentials, actor } = await authorize(req, runCreatePermission);
    const job = await bulkRun(req.params.id);
    res.json(
      await audited(req, 'bulk-run-cancel', { id: job.id }, () =>
        engine.cancel(job.id, {
          actor,
          mayActOnOthers: () => mayActOnOthers(credentials),
        }),
      ),
    );
  });

  /*
   * Not the engine's rerun, which copies the source's params and target meta:
   * a re-run connects with the machines' details as they are now (a host key
   * pinned since the failure, a changed IP), seen by the user who re-runs, and
   * its params name the credential it actually uses.
   */
  router.post('/runs/:id/rerun', async (req, res) => {
    const { credentials, actor } = await authorize(req, runCreatePermission);
    const input = parseInput(rerunRequestSchema, req.body ?? {}, 'rerun');
    const source = await bulkRun(req.params.id);
    if (!isFinalJobStatus(source.status)) {
      throw new ConflictError(
        `Bulk run '${source.id}' is still ${source.status}; re-run it once it ended`,
      );
    }
    const sourceTargets = (await engine.getTargets(source.id)).filter(
      t =>
        input.targets === 'all' ||
        t.status === 'failed' ||
        t.status === 'cancelled',
    );
    if (sourceTargets.length === 0) {
      throw new InputError(
        `targets: bulk run '${source.id}' has no failed or cancelled hosts to re-run`,
      );
    }
    const roles = new Map(sourceTargets.map(t => [t.key, t.meta.role]));
    const hosts = (
      await targets.resolve(
        { machineIds: sourceTargets.map(t => t.key) },
        credentials,
      )
    ).map(host =>
      roles.get(host.key) === undefined
        ? host
        : { ...host, meta: { ...host.meta, role: roles.get(host.key) } },
    );
    const sourceParams = source.params as BulkRunParams;
    const params: BulkRunParams = {
      ...sourceParams,
      credentialId: input.credentialId ?? sourceParams.credentialId,
    };
    const job = await audited(
      req,
      'bulk-run-rerun',
      {
        rerunOf: source.id,
        targets: input.targets,
        machineIds: hosts.map(h => h.key),
        script: params.script,
        credentialId: params.credentialId,
        sudo: params.sudo,
      },
      async () =>
        engine.enqueue({
          kind: BULK_SCRIPT_JOB_KIND,
          title: runTitle(params, hosts.length),
          subject: source.subject,
          params,
          targets: hosts,
          timeoutMs: runTimeoutMs(params, hosts.length),
          createdBy: actor,
          secret: await checkout(params.credentialId, credentials, hosts),
          rerunOf: source.id,
        }),
    );
    res.status(201).json(job);
  });

  router.get('/snippets', async (req, res) => {
    const { credentials, actor } = await authorize(req, runReadPermission);
    const list = await snippets.list();
    const admin =
      list.some(s => s.owner !== actor) && (await mayActOnOthers(credentials));
    res.json(list.map(s => withAccess(s, actor, admin)));
  });

  router.post('/snippets', async (req, res) => {
    const { actor } = await authorize(req, runCreatePermission);
    const input = parseInput(snippetInputSchema, req.body, 'snippet');
    const snippet = await audited(
      req,
      'snippet-create',
      { name: input.name, script: input.script },
      () => snippets.create(input, actor),
    );
    res.status(201).json(withAccess(snippet, actor, false));
  });

  router.put('/snippets/:id', async (req, res) => {
    const { credentials, actor } = await authorize(req, runCreatePermission);
    const input = parseInput(snippetInputSchema, req.body, 'snippet');
    const updated = await audited(
      req,
      'snippet-update',
      { id: req.params.id, name: input.name, script: input.script },
      async () => {
        await snippetToChange(req.params.id, credentials, actor, 'edit');
        return snippets.update(req.params.id, input);
      },
    );
    res.json(withAccess(updated, actor, true));
  });

  router.delete('/snippets/:id', async (req, res) => {
    const { credentials, actor } = await authorize(req, runCreatePermission);
    await audited(req, 'snippet-delete', { id: req.params.id }, async () => {
      await snippetToChange(req.params.id, credentials, actor, 'delete');
      return snippets.delete(req.params.id);
    });
    res.status(204).end();
  });

  return router;
}
