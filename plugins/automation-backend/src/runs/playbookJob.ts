import { JsonObject } from '@backstage/types';
import { JobContext, JobHandler } from '@opssight/plugin-jobs-node';
import { RunDirectories } from '@opssight/plugin-runner-node';
import { CredentialCheckout, VaultService } from '@opssight/plugin-vault-node';
import { AnsibleEvent, HostOutcome } from '../ansible/events';
import {
  AnsibleInventory,
  PlaybookOptions,
  PlaybookSecrets,
  runPlaybook,
} from '../ansible/runPlaybook';
import { GitSource } from '../sources/gitSource';
import {
  checkoutProjectGit,
  GitRemoteAccess,
  openGitCredential,
} from '../sources/projectGit';

export const PLAYBOOK_JOB_KIND = 'ansible-playbook';

/** Where a run's project comes from. */
export type RunSource =
  | ({ kind: 'git' } & GitSource)
  /** A stored project's version, its files as they were saved. */
  | { kind: 'files'; projectId: string; version: number };

/**
 * What a playbook job is enqueued with: everything a run needs, fixed when it
 * starts (the inventory is a snapshot, so a rerun targets the same hosts).
 * Never a secret: those travel as sealed checkouts in the job's `secret`.
 */
export type PlaybookJobParams = {
  source: RunSource;
  playbook: string;
  inventory: AnsibleInventory;
  extraVars?: JsonObject;
  options: PlaybookOptions;
};

/** The job's `secret`: vault checkouts (ciphertext) and nothing in clear. */
export type PlaybookJobSecret = {
  ssh?: CredentialCheckout;
  become?: CredentialCheckout;
  vault?: CredentialCheckout;
  git?: CredentialCheckout;
  /**
   * Secret survey answers: sealed like a credential (the engine keeps a
   * job's secret as it gets it), a JSON object of variables as the password.
   */
  answers?: CredentialCheckout;
};

/** What the runs part learns from a playbook job as it goes. */
export interface PlaybookJobHooks {
  /** The job began (its run is running). */
  started?(jobId: string): Promise<void>;
  /** The exact commit a git source was checked out at. */
  commit?(jobId: string, commit: string): Promise<void>;
  /** One callback event, secrets masked; called in order, not awaited. */
  event?(jobId: string, event: AnsibleEvent): void;
  /** ansible-playbook ended (or never started): store what is pending. */
  finished?(jobId: string): Promise<void>;
}

/** The files of a stored project version (the projects store). */
export interface ProjectFiles {
  files(
    projectId: string,
    version: number,
  ): Promise<Array<{ path: string; content: string }>>;
  /** How git projects are reached: the address policy and pinned host keys. */
  gitAccess?: GitRemoteAccess;
}

/** How a host's outcome ends its job target. */
function targetResult(
  outcome: HostOutcome | undefined,
  hostKeyChanged: boolean,
) {
  switch (outcome) {
    case 'ok':
    case 'changed':
      return { status: 'succeeded' as const, meta: { outcome } };
    case 'failed':
      return {
        status: 'failed' as const,
        errorKind: 'exec' as const,
        errorMessage: 'a task failed',
        meta: { outcome },
      };
    case 'unreachable':
      return {
        status: 'failed' as const,
        errorKind: hostKeyChanged
          ? ('hostkey-changed' as const)
          : ('connect' as const),
        errorMessage: hostKeyChanged
          ? 'host key changed: the machine presented a key other than the pinned one'
          : 'unreachable',
        meta: { outcome },
      };
    default:
      return {
        status: 'skipped' as const,
        errorMessage: 'not part of the play',
      };
  }
}

/**
 * The job handler that runs a playbook: the project checked out (git) or
 * written (stored version) into a private run directory, the vault checkouts
 * opened in this process, ansible-playbook run with its output in the job's
 * log, and each host's outcome as its target's result. Targets are keyed by
 * inventory host name.
 */
export function playbookJobHandler(deps: {
  directories: RunDirectories;
  vault: Pick<VaultService, 'open'>;
  projects?: ProjectFiles;
  allowFileUrls?: boolean;
  hooks?: PlaybookJobHooks;
}): JobHandler<PlaybookJobParams> {
  const hooks = deps.hooks ?? {};
  return {
    kind: PLAYBOOK_JOB_KIND,
    async run(ctx: JobContext<PlaybookJobParams>) {
      const sealed = (ctx.secret ?? {}) as PlaybookJobSecret;
      const open = (checkout?: CredentialCheckout) =>
        checkout ? deps.vault.open(checkout) : undefined;
      const ssh = open(sealed.ssh);
      const become = open(sealed.become);
      const vault = open(sealed.vault);
      const git =
        ctx.params.source.kind === 'git'
          ? openGitCredential(deps.vault, sealed.git, ctx.params.source.url)
          : undefined;
      const answers = open(sealed.answers);
      const secretVars: JsonObject | undefined =
        answers?.password !== undefined
          ? JSON.parse(answers.password)
          : undefined;
      const secrets: PlaybookSecrets = {
        ...(ssh?.privateKey
          ? {
              sshKey: {
                privateKey: ssh.privateKey,
                passphrase: ssh.passphrase,
              },
            }
          : {}),
        ...(become?.password !== undefined
          ? { becomePassword: become.password }
          : {}),
        ...(vault?.password !== undefined
          ? { vaultPassword: vault.password }
          : {}),
        ...(secretVars ? { extraVars: secretVars } : {}),
      };
      await hooks.started?.(ctx.job.id);

      const directory = await deps.directories.create('playbook');
      try {
        let projectDir: string;
        const { source } = ctx.params;
        if (source.kind === 'git') {
          const checkout = await checkoutProjectGit(source, {
            access: deps.projects?.gitAccess,
            allowFileUrls: deps.allowFileUrls ?? false,
            directory,
            credential: git,
            signal: ctx.signal,
            log: text => ctx.log(text, { stream: 'system' }),
          });
          ctx.log(`source: ${source.url} at commit ${checkout.commit}\n`, {
            stream: 'system',
          });
          await hooks.commit?.(ctx.job.id, checkout.commit);
          projectDir = checkout.projectDir;
        } else {
          if (!deps.projects)
            throw new Error('stored projects are not available');
          for (const file of await deps.projects.files(
            source.projectId,
            source.version,
          )) {
            await directory.writeFile(`project/${file.path}`, file.content);
          }
          projectDir = 'project';
        }

        // The job's targets, not the whole inventory: a re-run of the failed
        // hosts has only those (and --limit to them).
        const hosts = ctx.targets.map(t => t.key);
        await Promise.all(hosts.map(host => ctx.startTarget(host)));
        const run = await runPlaybook({
          directory,
          projectDir,
          playbook: ctx.params.playbook,
          inventory: ctx.params.inventory,
          extraVars: ctx.params.extraVars,
          options: ctx.params.options,
          secrets,
          signal: ctx.signal,
          onOutput: text => ctx.log(text),
          onEvent: event => hooks.event?.(ctx.job.id, event),
        });
        await hooks.finished?.(ctx.job.id);
        if (ctx.signal.aborted) return; // the engine ends the targets as cancelled / timed out
        for (const host of hosts) {
          await ctx.finishTarget(
            host,
            targetResult(
              run.results.outcome(host),
              run.results.hostKeyChanged.has(host),
            ),
          );
        }
        if (run.exitCode !== 0 && run.results.recap === undefined) {
          throw new Error(
            `ansible-playbook stopped before the play ran (exit code ${run.exitCode})`,
          );
        }
      } finally {
        await directory.remove();
        await hooks.finished?.(ctx.job.id);
      }
    },
  };
}
