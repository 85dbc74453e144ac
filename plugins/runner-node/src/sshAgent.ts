import { access } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunDirectory } from './RunDirectories';
import { runProcess } from './processes';

const AGENT_START_MS = 5_000;
const ASKPASS_FD = 3;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * A run's own ssh-agent, holding one key: the socket to put in
 * `SSH_AUTH_SOCK`, and how to stop it.
 *
 * @public
 */
export interface RunSshAgent {
  socket: string;
  stop(): Promise<void>;
}

/**
 * Starts an ssh-agent for one run (in its run directory, marked as the run's
 * so that removing the directory stops it) and loads the key through
 * `ssh-add -`: the key on stdin, its passphrase through an askpass program
 * that reads an inherited pipe. The key never touches argv, the environment
 * or a file.
 *
 * @public
 */
export async function startSshAgent(options: {
  directory: RunDirectory;
  key: { privateKey: string; passphrase?: string };
  /** The environment of the agent and ssh-add (PATH, HOME, LANG): never a secret. */
  env: Record<string, string>;
  signal?: AbortSignal;
  /** The socket's and askpass program's names in the run directory. */
  name?: string;
}): Promise<RunSshAgent> {
  const { directory: dir, key, env, signal } = options;
  const name = options.name ?? 'agent';
  const socket = dir.resolve(`${name}.sock`);
  // In the foreground (-D): a daemonizing agent could be caught by the kill of
  // the launcher's process group before it has its own session.
  const stopAgent = new AbortController();
  const agent = runProcess({
    runId: dir.id,
    command: 'ssh-agent',
    args: ['-D', '-a', socket],
    cwd: dir.path,
    env,
    signal: signal
      ? AbortSignal.any([signal, stopAgent.signal])
      : stopAgent.signal,
    interruptGraceMs: 1_000,
    terminateGraceMs: 1_000,
  });
  let agentExited = false;
  agent.finally(() => {
    agentExited = true;
  });
  for (let waited = 0; !(await exists(socket)); waited += 20) {
    if (agentExited || waited > AGENT_START_MS) {
      stopAgent.abort();
      throw new Error('could not start ssh-agent');
    }
    await sleep(20);
  }
  const askpass = await dir.writeFile(
    `${name}-askpass`,
    `#!/bin/sh\nexec cat /dev/fd/${ASKPASS_FD}\n`,
    0o700,
  );
  let said = '';
  const added = await runProcess({
    runId: dir.id,
    command: 'ssh-add',
    args: ['-q', '-'],
    cwd: dir.path,
    env: {
      ...env,
      SSH_AUTH_SOCK: socket,
      SSH_ASKPASS: askpass,
      SSH_ASKPASS_REQUIRE: 'force',
    },
    stdin: key.privateKey.endsWith('\n')
      ? key.privateKey
      : `${key.privateKey}\n`,
    inputs: [{ fd: ASKPASS_FD, data: key.passphrase ?? '' }],
    onStdout: text => {
      said += text;
    },
    onStderr: text => {
      said += text;
    },
    signal,
  });
  if (added.exitCode !== 0) {
    stopAgent.abort();
    await agent;
    const why = said.trim() ? ` (ssh-add: ${said.trim().split('\n')[0]})` : '';
    throw new Error(
      key.passphrase
        ? `the SSH key was refused: is its passphrase right?${why}`
        : `the SSH key was refused (is it encrypted? it needs its passphrase)${why}`,
    );
  }
  return {
    socket,
    stop: async () => {
      stopAgent.abort();
      await agent;
    },
  };
}
