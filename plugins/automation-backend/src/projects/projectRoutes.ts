import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  automationDeletePermission,
  automationEditPermission,
  automationReadPermission,
  createProjectSchema,
  diffQuerySchema,
  playbookPaths,
  Project,
  ProjectSource,
  ProjectVersion,
  projectListQuerySchema,
  restoreVersionSchema,
  saveVersionSchema,
  STARTER_PLAYBOOK,
  SyntaxCheck,
  updateProjectSchema,
  versionParamSchema,
} from '@opssight/plugin-automation-common';
import { parseInput } from '@opssight/plugin-http-node';
import { Job } from '@opssight/plugin-jobs-common';
import {
  checkoutRefusal,
  CredentialCheckout,
  usableCredential,
} from '@opssight/plugin-vault-node';
import {
  TreeVersion,
  VersionedFileStore,
} from '@opssight/plugin-versioned-files-node';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import { RunSource } from '../runs/playbookJob';
import { gitSourceProblem } from '../sources/gitSource';
import { gitRemoteOf, gitRemoteProblem } from '../sources/gitRemote';
import { RouteContext } from '../service/context';
import { ProjectsStore, StoredProject } from './ProjectsStore';
import {
  SYNTAX_CHECK_JOB_KIND,
  SYNTAX_CHECK_TARGET,
  SyntaxCheckParams,
  SyntaxCheckResult,
  SyntaxCheckSecret,
} from './syntaxCheck';

type GitSource = Extract<ProjectSource, { kind: 'git' }>;

const CREDENTIAL_FIELD = 'source.credentialId';
const CHECK_TIMEOUT_MS = 10 * 60_000;

function toVersion(version: TreeVersion): ProjectVersion {
  const { number, author, message, fileCount, size, restoredFrom, createdAt } =
    version;
  return { number, author, message, fileCount, size, restoredFrom, createdAt };
}

const subjectOf = (projectId: string) => `project:${projectId}`;

/** The routes of /projects (see the projects section of openapi.yaml). */
export function projectRoutes(deps: {
  store: ProjectsStore;
  versions: VersionedFileStore;
  allowFileUrls: boolean;
  /** `automation.git.allowedNetworks`: where git remotes may be. */
  policy?: OutboundAddressPolicy;
  inUse(projectId: string): Promise<string[]>;
}) {
  const { store, versions } = deps;

  return (ctx: RouteContext) => {
    const { router, guard, vault, engine } = ctx;

    /** The project with its newest version (stored projects). */
    async function withLatest(project: StoredProject): Promise<Project> {
      if (project.source.kind === 'git') {
        return { ...project, latestVersion: null };
      }
      const latest = await versions.getVersion(project.id).catch(error => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      return { ...project, latestVersion: latest?.number ?? null };
    }

    /** Versions belong to stored projects only. */
    function storedOnly(project: StoredProject) {
      if (project.source.kind === 'git') {
        throw new InputError(
          `project: '${project.name}' is kept in git; it has no versions stored here`,
        );
      }
    }

    /** A version by number, named in the user's words when it does not exist. */
    async function version<T>(
      project: StoredProject,
      number: number,
      read: () => Promise<T>,
    ): Promise<T> {
      try {
        return await read();
      } catch (error) {
        if (error instanceof NotFoundError) {
          throw new NotFoundError(
            `version: project '${project.name}' has no version ${number}`,
          );
        }
        throw error;
      }
    }

    /** Only the owner changes a project, or an Admin. */
    async function mayChange(
      project: StoredProject,
      credentials: BackstageCredentials,
      actor: string,
    ) {
      if (project.owner === actor) return;
      if (await ctx.mayActOnOthers(credentials)) return;
      throw new NotAllowedError(
        `project '${project.name}' belongs to ${project.owner}; only they or an Admin may change it`,
      );
    }

    /**
     * A git source the backend may fetch: the URL allowed here, and a
     * credential the caller may use, of a kind that suits the URL (an SSH
     * key for ssh://, a password or token for https://). No secret leaves
     * the vault. Resolves to the credential's kind.
     */
    async function checkGitSource(
      source: GitSource,
      credentials: BackstageCredentials,
    ): Promise<string | undefined> {
      const problem = gitSourceProblem(
        { url: source.url },
        { allowFileUrls: deps.allowFileUrls },
      );
      if (problem) throw new InputError(`source.${problem}`);
      const refused = await gitRemoteProblem(
        source.url,
        deps.policy ??
          new OutboundAddressPolicy([], 'automation.git.allowedNetworks'),
      );
      if (refused) throw new InputError(`source.url: ${refused}`);
      if (source.hostKey && gitRemoteOf(source.url)?.transport !== 'ssh') {
        throw new InputError(
          'source.hostKey: only ssh:// remotes have a host key; leave it out for https:// and file://',
        );
      }
      const { credentialId } = source;
      if (!credentialId) return undefined;
      const credential = await usableCredential(vault, {
        credentialId,
        credentials,
        field: CREDENTIAL_FIELD,
      });
      const scheme = gitRemoteOf(source.url)?.transport ?? 'file';
      const fits =
        credential.kind === 'ssh-key'
          ? scheme === 'ssh'
          : ['password', 'api-token'].includes(credential.kind) &&
            scheme === 'https';
      if (!fits) {
        throw new InputError(
          `${CREDENTIAL_FIELD}: credential '${credential.name}' does not suit ${scheme}:// URLs; use an SSH key for ssh:// and a password or an API token for https://`,
        );
      }
      if (credential.kind === 'api-token') {
        try {
          await vault.checkDestination({
            credentialId,
            credentials,
            destination: source.url,
          });
        } catch (error) {
          throw checkoutRefusal(error, {
            where: CREDENTIAL_FIELD,
            credentialId,
          });
        }
      }
      return credential.kind;
    }

    async function checkOf(job: Job): Promise<SyntaxCheck> {
      const [target] = await engine.getTargets(job.id);
      const result = (target?.meta ?? {}) as Partial<SyntaxCheckResult>;
      const source = (job.params as SyntaxCheckParams).source;
      return {
        jobId: job.id,
        status: job.status,
        version: source.kind === 'files' ? source.version : null,
        commit: result.commit ?? null,
        playbooks: result.playbooks ?? [],
        problems: result.problems ?? [],
        error: job.error,
        createdAt: job.createdAt,
        finishedAt: job.finishedAt,
      };
    }

    /** Starts a syntax check of a version (stored) or of the git ref, as the caller. */
    async function startCheck(
      project: StoredProject,
      credentials: BackstageCredentials,
      actor: string,
      versionNumber?: number,
    ): Promise<SyntaxCheck> {
      let source: RunSource;
      const secret: SyntaxCheckSecret = {};
      if (project.source.kind === 'git') {
        const { url, ref, subPath, credentialId } = project.source;
        source = { kind: 'git', url, ref, ...(subPath ? { subPath } : {}) };
        const kind = await checkGitSource(project.source, credentials);
        if (credentialId) {
          let checkout: CredentialCheckout;
          try {
            checkout = await vault.checkout({
              credentialId,
              credentials,
              ...(kind === 'api-token' ? { destination: url } : {}),
            });
          } catch (error) {
            throw checkoutRefusal(error, {
              where: CREDENTIAL_FIELD,
              credentialId,
            });
          }
          secret.git = checkout;
        }
      } else {
        const number =
          versionNumber ?? (await versions.getVersion(project.id)).number;
        source = { kind: 'files', projectId: project.id, version: number };
      }
      const params: SyntaxCheckParams = { projectId: project.id, source };
      const job = await engine.enqueue({
        kind: SYNTAX_CHECK_JOB_KIND,
        title: `Syntax check of ${project.name}`,
        subject: subjectOf(project.id),
        params,
        targets: [{ key: SYNTAX_CHECK_TARGET, label: project.name }],
        timeoutMs: CHECK_TIMEOUT_MS,
        createdBy: actor,
        secret: secret.git ? secret : null,
      });
      return checkOf(job);
    }

    async function latestCheck(project: StoredProject) {
      const { items } = await engine.list({
        subject: subjectOf(project.id),
        kind: SYNTAX_CHECK_JOB_KIND,
        limit: 1,
      });
      return items[0] ? checkOf(items[0]) : undefined;
    }

    /** Any of the router's requests, as the route guard takes them. */
    type AnyRequest = Parameters<typeof guard.audited>[0];

    /** The stored project of the request, which the caller may change (a new version). */
    async function storedToChange(req: AnyRequest) {
      const caller = await guard.authorize(req, automationEditPermission);
      const project = await store.get(req.params.id);
      storedOnly(project);
      await mayChange(project, caller.credentials, caller.actor);
      return { project, caller };
    }

    /**
     * A new version (saved or restored) in its audited event, the project
     * touched, and the syntax check started for it.
     */
    async function addVersion(
      req: AnyRequest,
      project: StoredProject,
      caller: { credentials: BackstageCredentials; actor: string },
      eventId: string,
      meta: JsonObject,
      create: () => Promise<TreeVersion>,
    ) {
      const saved = await guard.audited(
        req,
        eventId,
        { id: project.id, name: project.name, ...meta },
        async event => {
          const created = await create();
          event.addMeta({ version: created.number });
          await store.update(project.id, {});
          return created;
        },
      );
      const { credentials, actor } = caller;
      const check = await startCheck(project, credentials, actor, saved.number);
      return { version: toVersion(saved), check };
    }

    router.get('/projects', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const query = parseInput(projectListQuerySchema, req.query, 'query');
      const page = await store.list(query);
      res.json({
        items: await Promise.all(page.items.map(withLatest)),
        totalCount: page.totalCount,
      });
    });

    router.post('/projects', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const input = parseInput(createProjectSchema, req.body, 'project');
      if (input.source.kind === 'git') {
        await checkGitSource(input.source, credentials);
      }
      const project = await guard.audited(
        req,
        'project-create',
        {
          name: input.name,
          sourceKind: input.source.kind,
          ...(input.source.kind === 'git'
            ? {
                url: input.source.url,
                ref: input.source.ref,
                credentialId: input.source.credentialId,
              }
            : {}),
        },
        async event => {
          const created = await store.create({ ...input, owner: actor });
          event.addMeta({ id: created.id });
          if (created.source.kind === 'files') {
            try {
              await versions.save(created.id, {
                files: [STARTER_PLAYBOOK],
                author: actor,
                message: 'Starter playbook',
                baseVersion: null,
              });
            } catch (error) {
              await store.delete(created.id);
              throw error;
            }
          }
          return created;
        },
      );
      res.status(201).json(await withLatest(project));
    });

    router.get('/projects/:id', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      res.json(await withLatest(await store.get(req.params.id)));
    });

    router.put('/projects/:id', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const current = await store.get(req.params.id);
      await mayChange(current, credentials, actor);
      const changes = parseInput(updateProjectSchema, req.body, 'project');
      if (changes.source) {
        if (changes.source.kind !== current.source.kind) {
          throw new InputError(
            `source.kind: a project's kind does not change; create a ${changes.source.kind} project instead`,
          );
        }
        if (changes.source.kind === 'git') {
          await checkGitSource(changes.source, credentials);
        }
      }
      const project = await guard.audited(
        req,
        'project-update',
        { id: current.id, name: current.name, fields: Object.keys(changes) },
        () => store.update(current.id, changes),
      );
      res.json(await withLatest(project));
    });

    router.delete('/projects/:id', async (req, res) => {
      await guard.authorize(req, automationDeletePermission);
      const current = await store.get(req.params.id);
      const templates = await deps.inUse(current.id);
      if (templates.length) {
        throw new ConflictError(
          `project: '${current.name}' is used by ${
            templates.length === 1 ? 'template' : 'templates'
          } ${templates.map(t => `'${t}'`).join(', ')}; change or delete ${
            templates.length === 1 ? 'it' : 'them'
          } first`,
        );
      }
      await guard.audited(
        req,
        'project-delete',
        { id: current.id, name: current.name },
        async () => {
          await store.delete(current.id);
          await versions.deleteTree(current.id);
        },
      );
      res.status(204).end();
    });

    router.get('/projects/:id/versions', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const project = await store.get(req.params.id);
      storedOnly(project);
      const { limit, offset } = parseInput(
        projectListQuerySchema,
        req.query,
        'query',
      );
      const page = await versions.listVersions(project.id, { limit, offset });
      res.json({
        items: page.items.map(toVersion),
        totalCount: page.totalCount,
      });
    });

    router.get('/projects/:id/versions/:version/files', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const project = await store.get(req.params.id);
      storedOnly(project);
      const { version: number } = parseInput(
        versionParamSchema,
        { version: req.params.version },
        'path',
      );
      const [saved, files] = await version(project, number, () =>
        Promise.all([
          versions.getVersion(project.id, number),
          versions.readFiles(project.id, number),
        ]),
      );
      res.json({ version: toVersion(saved), files });
    });

    router.post('/projects/:id/versions', async (req, res) => {
      const { project, caller } = await storedToChange(req);
      const input = parseInput(saveVersionSchema, req.body, 'version');
      const added = await addVersion(
        req,
        project,
        caller,
        'project-version-save',
        { baseVersion: input.baseVersion, fileCount: input.files.length },
        () => versions.save(project.id, { ...input, author: caller.actor }),
      );
      res.status(201).json(added);
    });

    router.post('/projects/:id/versions/:version/restore', async (req, res) => {
      const { project, caller } = await storedToChange(req);
      const { version: number } = parseInput(
        versionParamSchema,
        { version: req.params.version },
        'path',
      );
      const { message } = parseInput(
        restoreVersionSchema,
        req.body ?? {},
        'restore',
      );
      const added = await addVersion(
        req,
        project,
        caller,
        'project-version-restore',
        { restoredFrom: number },
        () =>
          version(project, number, () =>
            versions.restore(project.id, number, {
              author: caller.actor,
              message,
            }),
          ),
      );
      res.status(201).json(added);
    });

    router.get('/projects/:id/diff', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const project = await store.get(req.params.id);
      storedOnly(project);
      const { from, to } = parseInput(diffQuerySchema, req.query, 'query');
      for (const number of [from, to]) {
        await version(project, number, () =>
          versions.getVersion(project.id, number),
        );
      }
      res.json({
        from,
        to,
        changes: await versions.diff(project.id, from, to),
      });
    });

    router.get('/projects/:id/playbooks', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const project = await store.get(req.params.id);
      // A git project's playbooks are known once a check fetched its commit.
      const items =
        project.source.kind === 'git'
          ? (await latestCheck(project))?.playbooks ?? []
          : playbookPaths(await versions.readFiles(project.id));
      res.json({ items, totalCount: items.length });
    });

    router.post('/projects/:id/checks', async (req, res) => {
      const { credentials, actor } = await guard.authorize(
        req,
        automationEditPermission,
      );
      const project = await store.get(req.params.id);
      const check = await guard.audited(
        req,
        'project-check',
        { id: project.id, name: project.name },
        async event => {
          const started = await startCheck(project, credentials, actor);
          event.addMeta({ jobId: started.jobId });
          return started;
        },
      );
      res.status(202).json(check);
    });

    router.get('/projects/:id/checks/latest', async (req, res) => {
      await guard.authorize(req, automationReadPermission);
      const project = await store.get(req.params.id);
      const check = await latestCheck(project);
      if (!check) {
        throw new NotFoundError(
          `project '${project.name}' has not been checked yet`,
        );
      }
      res.json(check);
    });
  };
}
