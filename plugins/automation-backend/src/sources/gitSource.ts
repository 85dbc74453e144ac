import { InputError } from '@backstage/errors';
import {
  gitRefProblem,
  gitSubPathProblem,
  gitUrlProblem,
} from '@opssight/plugin-automation-common';
import {
  RunDirectory,
  runProcess,
  SecretMasker,
} from '@opssight/plugin-runner-node';
import { realpath, stat } from 'node:fs/promises';

/** The remote or the ref could not be fetched: the run fails with this message. */
export class GitSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitSourceError';
  }
}

/** A playbook source kept in git. */
export type GitSource = {
  url: string;
  /** A branch, a tag or a commit; the remote's default branch when left out. */
  ref?: string;
  /** The folder inside the repository that holds the project. */
  subPath?: string;
};

/** How to sign in to the remote: an HTTPS token (and username), from the vault. */
export type GitAuth = { username?: string; token: string };

export type GitCheckout = {
  /** The exact commit the run uses. */
  commit: string;
  /** The project folder, relative to the run directory. */
  projectDir: string;
};

const GIT_TIMEOUT_MS = 120_000;

/**
 * Checks a source's problems as a 400 would name them: `url: …`, `ref: …`,
 * `subPath: …` (the rules the API's request schemas use too). `file://` URLs
 * (a repository on the backend's own disk) only where the configuration
 * allows them.
 */
export function gitSourceProblem(
  source: GitSource,
  options: { allowFileUrls: boolean },
): string | undefined {
  return (
    gitUrlProblem(source.url, options) ??
    (source.ref !== undefined ? gitRefProblem(source.ref) : undefined) ??
    (source.subPath !== undefined
      ? gitSubPathProblem(source.subPath)
      : undefined)
  );
}

/**
 * Fetches exactly one commit of the source into `<run>/repo` (shallow, no
 * tags, no submodules, no hooks) and resolves to the commit and the project
 * folder. A token reaches git through GIT_ASKPASS reading an inherited pipe;
 * git never prompts and reads no user or system configuration.
 */
export async function checkoutGitSource(
  source: GitSource,
  options: {
    directory: RunDirectory;
    allowFileUrls: boolean;
    auth?: GitAuth;
    signal?: AbortSignal;
    onOutput?: (text: string) => void;
    path?: string;
  },
): Promise<GitCheckout> {
  const problem = gitSourceProblem(source, options);
  if (problem) throw new InputError(problem);
  const dir = options.directory;
  const masker = new SecretMasker([options.auth?.token]);
  const home = dir.resolve('git-home');
  const askpass = await dir.writeFile(
    'git-askpass',
    // git asks for the username, then the password: one pipe each.
    '#!/bin/sh\ncase "$1" in Username*) exec cat /dev/fd/3 ;; *) exec cat /dev/fd/4 ;; esac\n',
    0o700,
  );
  const env = {
    PATH: options.path ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ASKPASS: askpass,
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
  };
  const timeout = AbortSignal.timeout(GIT_TIMEOUT_MS);
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout])
    : timeout;
  const config = ['-c', 'core.hooksPath=/dev/null'];
  if (source.url.trim().startsWith('file://')) {
    config.push('-c', 'protocol.file.allow=always');
  }
  const git = async (args: string[]) => {
    let said = '';
    const result = await runProcess({
      runId: dir.id,
      command: 'git',
      args: [...config, ...args],
      cwd: dir.path,
      env,
      inputs: options.auth
        ? [
            { fd: 3, data: options.auth.username ?? 'x-access-token' },
            { fd: 4, data: options.auth.token },
          ]
        : [],
      onStdout: text => {
        said += text;
      },
      onStderr: text => {
        said += text;
        options.onOutput?.(masker.mask(text));
      },
      signal,
      interruptGraceMs: 2_000,
      terminateGraceMs: 2_000,
    });
    if (result.exitCode !== 0) {
      const why = masker.mask(said.trim().split('\n').pop() ?? '');
      throw new GitSourceError(
        timeout.aborted
          ? `git took longer than ${GIT_TIMEOUT_MS / 1000} s`
          : `git ${args[0] === '-C' ? args[2] : args[0]} failed: ${why}`,
      );
    }
    return said.trim();
  };

  await git(['init', '-q', 'repo']);
  await git([
    '-C',
    'repo',
    'fetch',
    '-q',
    '--depth',
    '1',
    '--no-tags',
    '--',
    source.url.trim(),
    source.ref ?? 'HEAD',
  ]);
  await git(['-C', 'repo', 'checkout', '-q', '--detach', 'FETCH_HEAD']);
  const commit = await git(['-C', 'repo', 'rev-parse', 'HEAD']);
  const projectDir = source.subPath
    ? `repo/${source.subPath.replace(/\/+$/, '')}`
    : 'repo';
  // A symbolic link in the repository must not lead the project outside it.
  const [repoPath, projectPath] = await Promise.all([
    realpath(dir.resolve('repo')),
    realpath(dir.resolve(projectDir)).catch(() => undefined),
  ]);
  const inside =
    projectPath !== undefined &&
    (projectPath === repoPath || projectPath.startsWith(`${repoPath}/`));
  const folder = inside ? await stat(projectPath) : undefined;
  if (!folder?.isDirectory()) {
    throw new GitSourceError(
      `subPath: ${source.subPath} is not a folder at commit ${commit.slice(
        0,
        12,
      )}`,
    );
  }
  return { commit, projectDir };
}
