import { InputError } from '@backstage/errors';
import {
  gitHostKeyProblem,
  gitRefProblem,
  gitSubPathProblem,
  gitUrlProblem,
  normalGitHostKey,
} from '@opssight/plugin-automation-common';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import {
  RunDirectory,
  RunSshAgent,
  runProcess,
  SecretMasker,
  startSshAgent,
} from '@opssight/plugin-runner-node';
import type { CredentialSecret } from '@opssight/plugin-vault-node';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { addressesOf, gitRemoteOf } from './gitRemote';

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
  /** The project it is the source of: where its SSH host key is pinned. */
  projectId?: string;
};

/**
 * How to sign in to the remote, from the vault: a token or a password over
 * HTTPS, an SSH key over SSH.
 */
export type GitAuth =
  | { kind: 'https'; username?: string; secret: string }
  | {
      kind: 'ssh';
      username?: string;
      privateKey: string;
      passphrase?: string;
    };

export type GitCheckout = {
  /** The exact commit the run uses. */
  commit: string;
  /** The project folder, relative to the run directory. */
  projectDir: string;
  /**
   * The SSH host key the remote presented on a first fetch (no key pinned
   * yet), in OpenSSH text form (`ssh-ed25519 AAAA…`): the caller pins it.
   */
  hostKey?: string;
};

const GIT_TIMEOUT_MS = 120_000;
const SSH_CONNECT_TIMEOUT_S = 20;
/** The one name the remote's key is filed under in the run's known_hosts. */
const HOST_KEY_ALIAS = 'opssight-git-remote';
const SSH_USER = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}$/;

/** The credential a git project signs in with, as the fetch takes it. */
export function gitAuthOf(
  credential: CredentialSecret | undefined,
): GitAuth | undefined {
  if (!credential) return undefined;
  if (credential.privateKey) {
    return {
      kind: 'ssh',
      username: credential.username || undefined,
      privateKey: credential.privateKey,
      passphrase: credential.passphrase,
    };
  }
  const secret = credential.token ?? credential.password;
  return secret !== undefined
    ? { kind: 'https', username: credential.username || undefined, secret }
    : undefined;
}

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

/** A word for a shell command line (git runs GIT_SSH_COMMAND through sh). */
const shellWord = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Fetches exactly one commit of the source into `<run>/repo` (shallow, no
 * tags, no submodules, no hooks, no redirects) and resolves to the commit and
 * the project folder. Every fetch of a git project goes through here:
 *
 * - The URL's host must be allowed by `policy` (loopback and private
 *   networks only where configured; link-local and metadata never), checked
 *   again right before the fetch, and git connects to the very address that
 *   was checked (DNS rebinding).
 * - HTTPS: the token or password reaches git through GIT_ASKPASS reading an
 *   inherited pipe.
 * - SSH: the key is loaded into a per-fetch ssh-agent (`ssh-add -`), and ssh
 *   runs with StrictHostKeyChecking=yes against a known_hosts holding only
 *   `hostKey`. Without a pinned key the remote's key is accepted once and
 *   returned, for the caller to pin (trust on first use). A key other than
 *   the pinned one fails with "host key changed".
 *
 * git never prompts and reads no user or system configuration.
 */
export async function checkoutGitSource(
  source: GitSource,
  options: {
    directory: RunDirectory;
    allowFileUrls: boolean;
    /** Which addresses the remote may be at (`automation.git.allowedNetworks`). Default: public ones only. */
    policy?: OutboundAddressPolicy;
    auth?: GitAuth;
    /** The SSH host key pinned on the project. */
    hostKey?: string;
    signal?: AbortSignal;
    onOutput?: (text: string) => void;
    path?: string;
  },
): Promise<GitCheckout> {
  const problem = gitSourceProblem(source, options);
  if (problem) throw new InputError(`source.${problem}`);
  const url = source.url.trim();
  const remote = gitRemoteOf(url);
  if (!remote)
    throw new InputError('source.url: use an https:// or ssh:// URL');
  const { auth } = options;
  const dir = options.directory;
  const masker = new SecretMasker(
    auth?.kind === 'ssh' ? [auth.privateKey, auth.passphrase] : [auth?.secret],
  );
  const path = options.path ?? '/usr/local/bin:/usr/bin:/bin';
  const env: Record<string, string> = {
    PATH: path,
    HOME: dir.resolve('git-home'),
    LANG: 'C.UTF-8',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  // Only the URL's own transport: no ext::, no fallback to another scheme.
  const config = [
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'protocol.allow=never',
    '-c',
    `protocol.${remote.transport}.allow=always`,
    '-c',
    'credential.helper=',
  ];
  let hostKey: string | undefined;
  if (options.hostKey !== undefined) {
    const bad = gitHostKeyProblem(options.hostKey);
    if (bad) throw new InputError(`source.${bad}`);
    hostKey = normalGitHostKey(options.hostKey);
  }
  const inputs: Array<{ fd: number; data: string }> = [];
  let agent: RunSshAgent | undefined;
  const timeout = AbortSignal.timeout(GIT_TIMEOUT_MS);
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout])
    : timeout;

  if (remote.transport !== 'file') {
    if (auth && auth.kind !== remote.transport) {
      throw new InputError(
        auth.kind === 'ssh'
          ? 'source.credentialId: an SSH key signs in to ssh:// remotes only; use a password or an API token for https://'
          : 'source.credentialId: a password or an API token signs in to https:// remotes only; use an SSH key for ssh://',
      );
    }
    // Checked here, right before the fetch, whatever was checked on save:
    // the name may resolve elsewhere by now.
    const { problem: refused, addresses } = await addressesOf(
      remote,
      options.policy ??
        new OutboundAddressPolicy([], 'automation.git.allowedNetworks'),
    );
    if (refused) throw new InputError(`source.url: ${refused}`);
    const address = addresses[0];
    if (remote.transport === 'https') {
      config.push('-c', 'http.followRedirects=false');
      // An address in the URL needs no lookup; a name is pinned to the
      // address just checked.
      if (!isIP(remote.host)) {
        config.push(
          '-c',
          `http.curloptResolve=${remote.host}:${remote.port}:${
            isIP(address) === 6 ? `[${address}]` : address
          }`,
        );
      }
      if (auth?.kind === 'https') {
        // git asks for the username, then the password: one pipe each.
        env.GIT_ASKPASS = await dir.writeFile(
          'git-askpass',
          '#!/bin/sh\ncase "$1" in Username*) exec cat /dev/fd/3 ;; *) exec cat /dev/fd/4 ;; esac\n',
          0o700,
        );
        inputs.push(
          { fd: 3, data: auth.username ?? 'x-access-token' },
          { fd: 4, data: auth.secret },
        );
      }
    } else {
      const knownHosts = await dir.writeFile(
        'git-known-hosts',
        hostKey ? `${HOST_KEY_ALIAS} ${hostKey}\n` : '',
      );
      const user =
        remote.user === undefined && auth?.username ? auth.username : undefined;
      if (user !== undefined && !SSH_USER.test(user)) {
        throw new InputError(
          `source.credentialId: '${user}' is not a user name ssh can log in as`,
        );
      }
      if (auth?.kind === 'ssh') {
        agent = await startSshAgent({
          directory: dir,
          key: auth,
          env,
          signal,
          name: 'git-agent',
        });
        env.SSH_AUTH_SOCK = agent.socket;
      }
      env.GIT_SSH_COMMAND = [
        'ssh',
        '-F',
        '/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        // No key pinned yet: the first fetch pins the one it meets.
        `StrictHostKeyChecking=${hostKey ? 'yes' : 'accept-new'}`,
        '-o',
        shellWord(`UserKnownHostsFile=${knownHosts}`),
        '-o',
        'GlobalKnownHostsFile=/dev/null',
        '-o',
        `HostKeyAlias=${HOST_KEY_ALIAS}`,
        '-o',
        'UpdateHostKeys=no',
        '-o',
        'CheckHostIP=no',
        '-o',
        `HostName=${address}`,
        '-o',
        `ConnectTimeout=${SSH_CONNECT_TIMEOUT_S}`,
        '-o',
        'PasswordAuthentication=no',
        '-o',
        'KbdInteractiveAuthentication=no',
        '-o',
        'ProxyCommand=none',
        '-o',
        'ProxyJump=none',
        '-o',
        'ForwardAgent=no',
        '-o',
        'PermitLocalCommand=no',
        '-o',
        'ControlMaster=no',
        '-o',
        'ControlPath=none',
        '-o',
        agent
          ? shellWord(`IdentityAgent=${agent.socket}`)
          : 'IdentityAgent=none',
        ...(user ? ['-o', `User=${user}`] : []),
      ].join(' ');
    }
  } else {
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
      inputs,
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
      if (
        hostKey &&
        /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/.test(
          said,
        )
      ) {
        throw new GitSourceError(
          `host key changed: ${
            remote.transport === 'ssh' ? remote.host : url
          } presented a key other than the one pinned on the project; if the server's key really changed, pin the new one (source.hostKey)`,
        );
      }
      const why = masker.mask(said.trim().split('\n').pop() ?? '');
      throw new GitSourceError(
        timeout.aborted
          ? `git took longer than ${GIT_TIMEOUT_MS / 1000} s`
          : `git ${args[0] === '-C' ? args[2] : args[0]} failed: ${why}`,
      );
    }
    return said.trim();
  };

  try {
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
      url,
      source.ref ?? 'HEAD',
    ]);
  } finally {
    await agent?.stop();
  }
  await git(['-C', 'repo', 'checkout', '-q', '--detach', 'FETCH_HEAD']);
  const commit = await git(['-C', 'repo', 'rev-parse', 'HEAD']);
  const learned =
    remote.transport === 'ssh' && !hostKey
      ? await learnedHostKey(dir.resolve('git-known-hosts'))
      : undefined;
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
  return { commit, projectDir, ...(learned ? { hostKey: learned } : {}) };
}

/** The key ssh filed on first contact (StrictHostKeyChecking=accept-new). */
async function learnedHostKey(knownHosts: string) {
  const text = await readFile(knownHosts, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [alias, ...key] = line.trim().split(/\s+/);
    if (alias === HOST_KEY_ALIAS && !gitHostKeyProblem(key.join(' '))) {
      return key.join(' ');
    }
  }
  return undefined;
}
