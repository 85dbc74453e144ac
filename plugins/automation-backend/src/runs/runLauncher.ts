import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  applySurvey,
  parseVariables,
  RunTrigger,
  Template,
} from '@opssight/plugin-automation-common';
import { Job } from '@opssight/plugin-jobs-common';
import { JobEngine } from '@opssight/plugin-jobs-node';
import {
  checkoutRefusal,
  CredentialCheckout,
  sealSecretFields,
  VaultCipher,
  VaultService,
} from '@opssight/plugin-vault-node';
import { AuditedEvent } from '@opssight/plugin-http-node';
import { createHash, randomUUID } from 'node:crypto';
import { AnsibleInventory } from '../ansible/runPlaybook';
import { runDefaults } from '../service/defaults';
import type {
  InventoryResolver,
  ProjectSources,
  RunLauncher,
  TemplateLookup,
} from '../service/parts';
import {
  PLAYBOOK_JOB_KIND,
  PlaybookJobParams,
  PlaybookJobSecret,
} from './playbookJob';
import { RunStore, StoredRun } from './RunStore';

/** Input to a launch; `limit` narrows the template's hosts (`--limit`). */
export type LaunchInput = Parameters<RunLauncher['launch']>[0] & {
  limit?: string[];
};

/** The subject of a template's runs, for the engine's lists (one at a time). */
export const templateSubject = (templateId: string) => `template:${templateId}`;

/** The inventory as stored and hashed: JSON with its keys in a fixed order. */
export function snapshotOf(inventory: AnsibleInventory): {
  json: string;
  sha256: string;
} {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map(k => [k, sorted((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  const json = JSON.stringify(sorted(inventory));
  return { json, sha256: createHash('sha256').update(json).digest('hex') };
}

/** What each credential of a template must be, and the field that names it. */
const CREDENTIAL_ROLES = {
  ssh: { field: 'sshCredentialId', kinds: ['ssh-key'], what: 'an SSH key' },
  become: {
    field: 'becomeCredentialId',
    kinds: ['password'],
    what: 'a password',
  },
  vault: {
    field: 'vaultCredentialId',
    kinds: ['password'],
    what: 'a password',
  },
  git: {
    field: 'gitCredentialId',
    kinds: ['ssh-key', 'password', 'api-token'],
    what: 'a git credential',
  },
} as const;

export type RunLauncherDeps = {
  config: RootConfigService;
  auth: AuthService;
  auditor: AuditorService;
  vault: VaultService;
  cipher: VaultCipher;
  store: RunStore;
  projects: ProjectSources;
  inventories: InventoryResolver;
  templates: TemplateLookup;
  /** The job engine exists once the plugin started; runs are launched only then. */
  engine(): JobEngine;
};

/**
 * Seals secret survey answers the way the vault seals a credential, so the
 * job handler opens them with the vault service like any checkout. The
 * engine keeps a job's secret as given: it must never hold them in clear.
 */
export function sealAnswers(
  cipher: VaultCipher,
  answers: Record<string, string>,
): CredentialCheckout {
  const id = `survey-answers-${randomUUID()}`;
  return {
    id,
    kind: 'password',
    username: '',
    sealed: sealSecretFields(cipher, id, {
      password: JSON.stringify(answers),
    }),
  };
}

/**
 * Starts playbook runs: the template's survey answered, its inventory
 * resolved and snapshotted now, its credentials checked out of the vault,
 * and the job enqueued with its run record.
 *
 * Whose credentials: a person's run checks the template's credentials out on
 * their behalf (the vault applies its rules and audits the use). A run with
 * service credentials (a schedule firing, no one present) resolves the
 * inventory as the plugin and may use shared vault credentials only: the
 * vault hands those to the plugin itself, audited with the schedule as the
 * purpose; a personal credential of the schedule's owner is refused, since
 * no one could have approved its use at that moment.
 */
export function createRunLauncher(deps: RunLauncherDeps) {
  const defaults = runDefaults(deps.config);

  async function checkout(
    role: keyof typeof CREDENTIAL_ROLES,
    credentialId: string,
    credentials: BackstageCredentials,
    purpose: string,
    /** Where a git API token goes: the vault lends a token for a destination only. */
    gitUrl?: string,
  ): Promise<CredentialCheckout> {
    const { field, kinds, what } = CREDENTIAL_ROLES[role];
    let sealed: CredentialCheckout;
    try {
      if (
        credentials.principal &&
        (credentials.principal as { type?: string }).type === 'user'
      ) {
        const token =
          gitUrl !== undefined &&
          (await deps.vault.describeCredential({ credentialId, credentials }))
            ?.kind === 'api-token';
        sealed = await deps.vault.checkout({
          credentialId,
          credentials,
          ...(token ? { destination: gitUrl } : {}),
        });
      } else {
        // No user is present: the plugin's own use of a shared credential,
        // sealed here so the job keeps ciphertext like any checkout.
        const secret = await deps.vault.getSharedSecret({
          credentialId,
          purpose,
        });
        const { kind, username, ...fields } = secret;
        sealed = {
          id: credentialId,
          kind,
          username,
          sealed: sealSecretFields(deps.cipher, credentialId, fields),
        };
      }
    } catch (error) {
      throw checkoutRefusal(error, { where: field, credentialId });
    }
    if (!(kinds as readonly string[]).includes(sealed.kind)) {
      throw new InputError(
        `${field}: '${sealed.name ?? credentialId}' is ${
          sealed.kind === 'api-token' ? 'an API token' : `a ${sealed.kind}`
        }; a run needs ${what} here`,
      );
    }
    return sealed;
  }

  async function secretsFor(
    template: Template,
    git: { credentialId: string | null; url: string } | null,
    credentials: BackstageCredentials,
    purpose: string,
    sealedAnswers: CredentialCheckout | undefined,
  ): Promise<PlaybookJobSecret> {
    const secret: PlaybookJobSecret = {
      ssh: await checkout(
        'ssh',
        template.sshCredentialId,
        credentials,
        purpose,
      ),
    };
    if (template.becomeCredentialId) {
      secret.become = await checkout(
        'become',
        template.becomeCredentialId,
        credentials,
        purpose,
      );
    }
    if (template.vaultCredentialId) {
      secret.vault = await checkout(
        'vault',
        template.vaultCredentialId,
        credentials,
        purpose,
      );
    }
    if (git?.credentialId) {
      secret.git = await checkout(
        'git',
        git.credentialId,
        credentials,
        purpose,
        git.url,
      );
    }
    if (sealedAnswers) secret.answers = sealedAnswers;
    return secret;
  }

  function timeoutMs(template: Template) {
    return (template.options.timeoutSeconds ?? defaults.timeoutSeconds) * 1000;
  }

  async function refuseIfLive(template: Template) {
    if (!template.oneAtATime) return;
    const live = await deps.engine().list({
      kind: PLAYBOOK_JOB_KIND,
      subject: templateSubject(template.id),
      status: ['queued', 'running'],
      limit: 1,
    });
    if (live.totalCount > 0) {
      throw new ConflictError(
        `The template '${template.name}' runs one at a time and a run of it is still going; wait for it to end or cancel it`,
      );
    }
  }
  /**
   * Two runs of a one-at-a-time template started at the same moment both
   * pass refuseIfLive: once enqueued, the older live run keeps going and the
   * newer one is cancelled before it does anything (every replica sees the
   * same order).
   */
  async function keepIfFirst(template: Template, job: Job, actor: string) {
    if (!template.oneAtATime) return;
    const live = await deps.engine().list({
      kind: PLAYBOOK_JOB_KIND,
      subject: templateSubject(template.id),
      status: ['queued', 'running'],
      limit: 500,
    });
    const oldest = live.items[live.items.length - 1];
    if (oldest && oldest.id !== job.id) {
      await deps
        .engine()
        .cancel(job.id, { actor, mayActOnOthers: async () => false })
        .catch(() => undefined); // already ended: nothing ran long
      throw new ConflictError(
        `The template '${template.name}' runs one at a time and a run of it is still going; wait for it to end or cancel it`,
      );
    }
  }

  function title(template: Template, hosts: number) {
    return `${template.name}: ${template.playbook} on ${hosts} host${
      hosts === 1 ? '' : 's'
    }`;
  }

  async function enqueueRun(options: {
    template: Template;
    params: PlaybookJobParams;
    targets: string[];
    secret: PlaybookJobSecret;
    actor: string;
    rerunOf?: string;
  }): Promise<Job> {
    const { template, params } = options;
    const byName = new Map(params.inventory.hosts.map(h => [h.name, h]));
    return deps.engine().enqueue({
      kind: PLAYBOOK_JOB_KIND,
      title: title(template, options.targets.length),
      subject: templateSubject(template.id),
      params: params as unknown as JsonObject,
      targets: options.targets.map(name => ({
        key: name,
        label: `${name} (${byName.get(name)?.address ?? '?'})`,
        meta: { machineId: byName.get(name)?.machineId ?? null },
      })),
      timeoutMs: timeoutMs(template),
      createdBy: options.actor,
      secret: options.secret as unknown as JsonObject,
      rerunOf: options.rerunOf ?? null,
    });
  }

  async function audit(
    event: AuditedEvent | undefined,
    meta: JsonObject,
    action: () => Promise<Job>,
  ): Promise<Job> {
    if (event) {
      event.addMeta(meta);
      return action();
    }
    // No request to audit (a schedule firing): the run is audited on its own.
    const own = await deps.auditor.createEvent({
      eventId: 'run-create',
      severityLevel: 'medium',
      meta,
    });
    try {
      const job = await action();
      await own.success({ meta: { ...meta, runId: job.id } });
      return job;
    } catch (error) {
      await own.fail({ error: error as Error, meta });
      throw error;
    }
  }

  return {
    async launch(input: LaunchInput, event?: AuditedEvent): Promise<Job> {
      const template = await deps.templates.get(input.templateId);
      const survey = applySurvey(template.survey, input.answers ?? {});
      if ('problems' in survey)
        throw new InputError(survey.problems.join('; '));
      const extra = parseVariables(template.extraVars, 'extraVars');
      if ('problem' in extra) {
        throw new InputError(
          `templateId: the template's ${extra.problem}; fix the template`,
        );
      }
      await refuseIfLive(template);
      const project = await deps.projects.sourceForRun(
        template.projectId,
        'projectId',
      );
      const resolved = await deps.inventories.resolve(
        template.inventoryId,
        input.credentials,
        'inventoryId',
      );
      if (resolved.unready.length > 0) {
        throw new InputError(
          `inventoryId: ${resolved.unready
            .map(m => `${m.hostname} (${m.address})`)
            .join(', ')} in '${resolved.name}' ${
            resolved.unready.length === 1 ? 'has' : 'have'
          } no pinned host key; test the connection to pin its host key, then run again`,
        );
      }
      const inventory = resolved.inventory;
      if (inventory.hosts.length === 0) {
        throw new InputError(
          `inventoryId: the inventory '${resolved.name}' has no hosts`,
        );
      }
      const snapshot = snapshotOf(inventory);
      const trigger = input.trigger ?? 'manual';
      const secretAnswers = Object.keys(survey.secretVars).length
        ? sealAnswers(deps.cipher, survey.secretVars)
        : undefined;
      const params: PlaybookJobParams = {
        source: project.source,
        playbook: template.playbook,
        inventory,
        extraVars: { ...extra.vars, ...survey.vars } as JsonObject,
        options: {
          limit: input.limit ?? template.options.limit,
          tags: template.options.tags,
          skipTags: template.options.skipTags,
          check: template.options.check,
          diff: template.options.diff,
          verbosity: template.options.verbosity,
          forks: template.options.forks ?? defaults.forks,
        },
      };
      const meta: JsonObject = {
        templateId: template.id,
        templateName: template.name,
        projectId: template.projectId,
        playbook: template.playbook,
        inventoryId: template.inventoryId,
        inventorySha256: snapshot.sha256,
        machineIds: inventory.hosts.map(h => h.machineId),
        trigger,
        limit: params.options.limit ?? [],
        // Names only: a secret answer's value never reaches the audit trail.
        answered: Object.keys(input.answers ?? {}),
      };
      return audit(event, meta, async () => {
        const job = await enqueueRun({
          template,
          params,
          targets: inventory.hosts.map(h => h.name),
          secret: await secretsFor(
            template,
            project.source.kind === 'git'
              ? { credentialId: project.gitCredentialId, url: project.source.url }
              : null,
            input.credentials,
            `run of template '${template.name}' (${trigger})`,
            secretAnswers,
          ),
          actor: input.actor,
        });
        await keepIfFirst(template, job, input.actor);
        await deps.store.create({
          id: job.id,
          templateId: template.id,
          templateName: template.name,
          projectId: template.projectId,
          projectName: project.projectName,
          source:
            project.source.kind === 'git'
              ? {
                  kind: 'git',
                  url: project.source.url,
                  ref: project.source.ref ?? '',
                  commit: null,
                }
              : { kind: 'files', version: project.source.version },
          playbook: template.playbook,
          inventoryId: template.inventoryId,
          inventoryName: resolved.name,
          inventory,
          inventorySha256: snapshot.sha256,
          trigger: trigger as RunTrigger,
          machineIds: inventory.hosts.map(h => h.machineId),
          sealedAnswers: secretAnswers ? JSON.stringify(secretAnswers) : null,
          createdBy: input.actor,
        });
        return job;
      });
    },

    /**
     * The run again, as it ran: the same commit or version, the same
     * inventory snapshot and answers, with the re-runner's checkouts. `failed`
     * limits it to the hosts that failed or were unreachable.
     */
    async rerun(
      run: StoredRun,
      options: {
        targets: 'failed' | 'all';
        hosts: string[];
        credentials: BackstageCredentials;
        actor: string;
      },
      event: AuditedEvent,
    ): Promise<Job> {
      const template = await deps.templates.get(run.templateId);
      await refuseIfLive(template);
      const source = (await deps.engine().get(run.id))!;
      const sourceParams = source.params as unknown as PlaybookJobParams;
      const params: PlaybookJobParams = {
        ...sourceParams,
        source:
          sourceParams.source.kind === 'git' &&
          run.source.kind === 'git' &&
          run.source.commit
            ? { ...sourceParams.source, ref: run.source.commit }
            : sourceParams.source,
        inventory: run.inventory,
        options: {
          ...sourceParams.options,
          ...(options.targets === 'failed' ? { limit: options.hosts } : {}),
        },
      };
      const gitCredentialId =
        run.source.kind === 'git'
          ? (await deps.projects.sourceForRun(run.projectId, 'projectId'))
              .gitCredentialId
          : null;
      const trigger = `rerun:${run.id}` as const;
      event.addMeta({
        rerunOf: run.id,
        targets: options.targets,
        hosts: options.hosts,
        inventorySha256: run.inventorySha256,
      });
      const job = await enqueueRun({
        template,
        params,
        targets: options.hosts,
        secret: await secretsFor(
          template,
          run.source.kind === 'git'
            ? { credentialId: gitCredentialId, url: run.source.url }
            : null,
          options.credentials,
          `re-run of ${run.id}`,
          run.sealedAnswers ? JSON.parse(run.sealedAnswers) : undefined,
        ),
        actor: options.actor,
        rerunOf: run.id,
      });
      await keepIfFirst(template, job, options.actor);
      await deps.store.create({
        ...run,
        id: job.id,
        source:
          run.source.kind === 'git'
            ? { ...run.source, commit: run.source.commit }
            : run.source,
        trigger,
        machineIds: run.inventory.hosts
          .filter(h => options.hosts.includes(h.name))
          .map(h => h.machineId),
        createdBy: options.actor,
      });
      return job;
    },
  };
}

export type RunStarter = ReturnType<typeof createRunLauncher>;
