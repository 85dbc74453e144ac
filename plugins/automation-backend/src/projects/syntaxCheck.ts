import { JsonObject } from '@backstage/types';
import {
  playbookPaths,
  SyntaxProblem,
} from '@opssight/plugin-automation-common';
import { JobContext, JobHandler } from '@opssight/plugin-jobs-node';
import { RunDirectories, runProcess } from '@opssight/plugin-runner-node';
import { CredentialCheckout, VaultService } from '@opssight/plugin-vault-node';
import { mkdir, readdir, readFile, realpath } from 'node:fs/promises';
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { ProjectFiles, RunSource } from '../runs/playbookJob';
import {
  checkoutProjectGit,
  GitRemoteAccess,
  openGitCredential,
} from '../sources/projectGit';

export const SYNTAX_CHECK_JOB_KIND = 'ansible-syntax-check';
/** The one target of a check: the project; its meta holds the problems. */
export const SYNTAX_CHECK_TARGET = 'project';

export type SyntaxCheckParams = {
  projectId: string;
  source: RunSource;
};

/** The job's `secret`: the git credential, sealed. */
export type SyntaxCheckSecret = { git?: CredentialCheckout };

/** What the check's target meta holds when it ends. */
export type SyntaxCheckResult = {
  playbooks: string[];
  problems: SyntaxProblem[];
  commit: string | null;
};

const LOCATION =
  /The error appears to be in '([^']+)': line (\d+), column (\d+)/;
const MESSAGE_CHARS = 1000;
const CHECK_TIMEOUT_MS = 120_000;

/**
 * The error `ansible-playbook --syntax-check` printed, with the file it
 * points at relative to the project (it stops at the first error, so there
 * is at most one). `projectPaths` are the absolute spellings of the project
 * folder Ansible may print (as given and with symbolic links resolved).
 */
export function parseSyntaxCheckOutput(
  output: string,
  where: { playbook: string; projectPaths: string[]; runPaths?: string[] },
): SyntaxProblem | undefined {
  const text = stripVTControlCharacters(output);
  const start = text.indexOf('ERROR! ');
  if (start < 0) return undefined;
  const block = text.slice(start + 'ERROR! '.length);
  const location = LOCATION.exec(block);
  const head = location ? block.slice(0, location.index) : block;
  const message = head
    .split('\n')
    // Ansible tries JSON first; that attempt says nothing about a YAML file.
    .filter(
      line =>
        !/^We were unable to read either as JSON nor YAML/.test(line) &&
        !/^JSON: /.test(line) &&
        !/^\[WARNING\]/.test(line),
    )
    .map(line => line.trim())
    .filter(Boolean)
    .join(' ')
    .slice(0, MESSAGE_CHARS);
  // A file outside the project (Ansible's own) is not the user's to fix
  // and its path is the backend's business: the playbook stands for it.
  const file = location
    ? projectFile(location[1], where.projectPaths)
    : undefined;
  const at = file && location ? location.slice(2).map(Number) : [null, null];
  return {
    playbook: where.playbook,
    file: file ?? where.playbook,
    line: at[0],
    column: at[1],
    message: withoutRunPaths(message, where) || 'the syntax check failed',
  };
}

/**
 * Paths in the run directory said relative to the project (`roles/x`, `.`)
 * or to the run directory: where the backend keeps runs is its business.
 */
function withoutRunPaths(
  message: string,
  where: { projectPaths: string[]; runPaths?: string[] },
) {
  const longestFirst = (paths: string[]) =>
    [...paths].sort((a, b) => b.length - a.length);
  const toProject = longestFirst(where.projectPaths).reduce(
    (text, root) => text.split(`${root}/`).join('').split(root).join('.'),
    message,
  );
  return longestFirst(where.runPaths ?? []).reduce(
    (text, root) => text.split(`${root}/`).join(''),
    toProject,
  );
}

function projectFile(path: string, projectPaths: string[]) {
  for (const root of projectPaths) {
    const inside = relative(root, path);
    if (inside && !inside.startsWith('..') && !inside.startsWith('/')) {
      return inside;
    }
  }
  return undefined;
}

/**
 * The job handler of syntax checks: the project's files (a stored version,
 * or one commit of its git repository) in a private run directory, and
 * `ansible-playbook --syntax-check` on each of its playbooks. The problems,
 * with file and line, end as the meta of the job's one target.
 */
export function syntaxCheckHandler(deps: {
  directories: RunDirectories;
  vault: Pick<VaultService, 'open'>;
  projects: ProjectFiles;
  allowFileUrls: boolean;
  /** How git projects are reached: the address policy and pinned host keys. */
  gitAccess?: GitRemoteAccess;
  /** PATH of the tools (git, ansible-playbook). */
  path?: string;
}): JobHandler<SyntaxCheckParams> {
  const path = deps.path ?? '/usr/local/bin:/usr/bin:/bin';
  return {
    kind: SYNTAX_CHECK_JOB_KIND,
    async run(ctx: JobContext<SyntaxCheckParams>) {
      const { source } = ctx.params;
      const sealed = (ctx.secret ?? {}) as SyntaxCheckSecret;
      const directory = await deps.directories.create('syntax-check');
      try {
        await ctx.startTarget(SYNTAX_CHECK_TARGET);
        let projectDir = 'project';
        let commit: string | null = null;
        if (source.kind === 'git') {
          const checkout = await checkoutProjectGit(
            { ...source, projectId: ctx.params.projectId },
            {
              access: deps.gitAccess,
              allowFileUrls: deps.allowFileUrls,
              directory,
              credential: openGitCredential(deps.vault, sealed.git, source.url),
              signal: ctx.signal,
              path,
              log: text => ctx.log(text, { stream: 'system' }),
            },
          );
          ({ projectDir, commit } = checkout);
          ctx.log(`${source.url} at commit ${commit}\n`, { stream: 'system' });
        } else {
          for (const file of await deps.projects.files(
            source.projectId,
            source.version,
          )) {
            await directory.writeFile(`project/${file.path}`, file.content);
          }
        }

        const projectPath = directory.resolve(projectDir);
        const playbooks = playbookPaths(await topLevelYaml(projectPath));
        for (const folder of ['home', 'tmp']) {
          await mkdir(directory.resolve(folder), { mode: 0o700 });
        }
        // Our own configuration, never the project's: an ansible.cfg in the
        // project could name a vault password script or callbacks to run.
        const config = await directory.writeFile(
          'ansible.cfg',
          `[defaults]\nlocal_tmp = ${directory.resolve(
            'tmp',
          )}\nretry_files_enabled = False\n`,
        );
        const env = {
          PATH: path,
          HOME: directory.resolve('home'),
          LANG: 'C.UTF-8',
          ANSIBLE_CONFIG: config,
          ANSIBLE_LOCAL_TEMP: directory.resolve('tmp'),
          ANSIBLE_NOCOLOR: '1',
          PYTHONUNBUFFERED: '1',
        };
        const projectPaths = [projectPath, await realpath(projectPath)];
        const runPaths = [directory.path, await realpath(directory.path)];
        const timeout = AbortSignal.timeout(CHECK_TIMEOUT_MS);
        const signal = AbortSignal.any([ctx.signal, timeout]);
        const problems: SyntaxProblem[] = [];
        for (const playbook of playbooks) {
          if (signal.aborted) break;
          ctx.log(`ansible-playbook --syntax-check ${playbook}\n`, {
            stream: 'system',
          });
          let output = '';
          const collect = (text: string) => {
            output += text;
            ctx.log(text);
          };
          const result = await runProcess({
            runId: directory.id,
            command: 'ansible-playbook',
            args: ['--syntax-check', '-i', 'localhost,', '--', playbook],
            cwd: projectPath,
            env,
            onStdout: collect,
            onStderr: collect,
            signal,
            interruptGraceMs: 2_000,
            terminateGraceMs: 2_000,
          });
          if (result.exitCode === 0 || result.aborted) continue;
          problems.push(
            parseSyntaxCheckOutput(output, {
              playbook,
              projectPaths,
              runPaths,
            }) ?? {
              playbook,
              file: playbook,
              line: null,
              column: null,
              message: `ansible-playbook --syntax-check ended with exit code ${
                result.exitCode ?? result.signal
              }`,
            },
          );
        }
        if (ctx.signal.aborted) return;
        if (timeout.aborted) {
          throw new Error(
            `the syntax check took longer than ${CHECK_TIMEOUT_MS / 1000} s`,
          );
        }
        const meta: SyntaxCheckResult = { playbooks, problems, commit };
        await ctx.finishTarget(SYNTAX_CHECK_TARGET, {
          status: problems.length ? 'failed' : 'succeeded',
          errorKind: problems.length ? 'exec' : null,
          errorMessage: problems.length
            ? `${problems.length} of ${playbooks.length} playbooks have errors`
            : null,
          meta: meta as unknown as JsonObject,
        });
      } finally {
        await directory.remove();
      }
    },
  };
}

/** The project folder's top-level YAML files: where playbooks are. */
async function topLevelYaml(projectPath: string) {
  const entries = await readdir(projectPath, { withFileTypes: true });
  return Promise.all(
    entries
      .filter(e => e.isFile() && /\.ya?ml$/.test(e.name))
      .map(async e => ({
        path: e.name,
        content: await readFile(`${projectPath}/${e.name}`, 'utf8'),
      })),
  );
}
