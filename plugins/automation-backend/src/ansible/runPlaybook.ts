import { JsonObject } from '@backstage/types';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  ProcessResult,
  RunDirectory,
  runProcess,
  SecretMasker,
  startSshAgent,
} from '@opssight/plugin-runner-node';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { AnsibleEvent, eventLineReader, PlaybookResults } from './events';

/** How long ssh keeps an idle master connection for the next task of the run. */
export const CONTROL_PERSIST_SECONDS = 60;

/** A registered machine as an inventory host. */
export type AnsibleHost = {
  /** `inventory_hostname`: the machine's hostname. */
  name: string;
  machineId: string;
  /** `ansible_host`: the machine's IP address. */
  address: string;
  port: number;
  user?: string | null;
  /** The pinned host public key (`ssh-ed25519 AAAA…`): the only key ssh accepts. */
  hostPublicKey: string;
  vars?: JsonObject;
};

export type AnsibleInventory = {
  hosts: AnsibleHost[];
  /** Group name → its hosts (by name), its child groups and its variables. */
  groups?: Record<
    string,
    { hosts: string[]; children?: string[]; vars?: JsonObject }
  >;
  /** Variables for `all`. */
  vars?: JsonObject;
};

export type PlaybookOptions = {
  limit?: string[];
  tags?: string[];
  skipTags?: string[];
  check?: boolean;
  diff?: boolean;
  /** 0 to 4 (`-v` to `-vvvv`). */
  verbosity?: number;
  forks: number;
  /** ssh's connection timeout, in seconds. */
  connectTimeoutSeconds?: number;
};

export type PlaybookSecrets = {
  /** The SSH key, loaded into the run's own ssh-agent. */
  sshKey?: { privateKey: string; passphrase?: string };
  becomePassword?: string;
  vaultPassword?: string;
  /** Extra variables whose values are secret (secret survey answers). */
  extraVars?: JsonObject;
};

export type RunPlaybookOptions = {
  directory: RunDirectory;
  /** The project's files, inside the run directory (e.g. `project`). */
  projectDir: string;
  /** The playbook, relative to the project. */
  playbook: string;
  inventory: AnsibleInventory;
  extraVars?: JsonObject;
  options: PlaybookOptions;
  secrets?: PlaybookSecrets;
  signal?: AbortSignal;
  /** The human output (stdout and stderr), with every known secret masked. */
  onOutput: (text: string) => void;
  onEvent?: (event: AnsibleEvent) => void;
  /** Defaults to the first on PATH. */
  ansiblePlaybook?: string;
  /** PATH for ansible-playbook, ssh, ssh-agent (default /usr/local/bin:/usr/bin:/bin). */
  path?: string;
};

export type PlaybookRun = ProcessResult & { results: PlaybookResults };

/**
 * The inherited pipes of an ansible-playbook run. Ansible opens the vault
 * password file by its /dev/fd path. Become passwords and secret extra vars
 * cannot go that way (Ansible resolves those paths and wants a regular file),
 * so they are written as a vars file encrypted by ansible-vault with a one-time
 * key, and only that key travels on a pipe.
 */
const FD = { vaultPassword: 3, events: 4, oneTimeKey: 5 };
const ONE_TIME_VAULT_ID = 'opssight';

/** The alias a machine's pinned key is filed under in the run's known_hosts. */
export function hostKeyAlias(machineId: string): string {
  return `opssight-machine-${machineId.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

function callbackPluginsDir(): string {
  return resolvePackagePath(
    '@opssight/plugin-automation-backend',
    'ansible/callback_plugins',
  );
}

/** ansible.cfg: pinned host keys only, nothing outside the run directory, fast SSH. */
function ansibleConfig(dir: RunDirectory, options: PlaybookOptions): string {
  const sshArgs = [
    '-o ControlMaster=auto',
    `-o ControlPersist=${CONTROL_PERSIST_SECONDS}s`,
    `-o UserKnownHostsFile=${dir.resolve('known_hosts')}`,
    '-o GlobalKnownHostsFile=/dev/null',
    '-o StrictHostKeyChecking=yes',
    '-o UpdateHostKeys=no',
    '-o BatchMode=yes',
    `-o ConnectTimeout=${options.connectTimeoutSeconds ?? 10}`,
  ].join(' ');
  return [
    '[defaults]',
    `forks = ${options.forks}`,
    'callbacks_enabled = opssight_events',
    `callback_plugins = ${callbackPluginsDir()}`,
    'host_key_checking = True',
    'retry_files_enabled = False',
    `local_tmp = ${dir.resolve('tmp')}`,
    'interpreter_python = auto_silent',
    'nocows = True',
    '',
    '[ssh_connection]',
    'pipelining = True',
    `ssh_args = ${sshArgs}`,
    `control_path_dir = ${dir.resolve('cp')}`,
    // No control_path: Ansible's own is a 10-character hash, which keeps the
    // socket's path under the 108-byte limit of a Unix socket.
    '',
  ].join('\n');
}

/** The inventory file a run writes (JSON, read by Ansible's yaml plugin). */
export function inventoryJson(inventory: AnsibleInventory): string {
  const names = new Set<string>();
  const hosts: Record<string, JsonObject> = {};
  for (const host of inventory.hosts) {
    if (names.has(host.name)) {
      throw new TypeError(
        `inventory: the host name ${host.name} is used twice`,
      );
    }
    names.add(host.name);
    hosts[host.name] = {
      ...host.vars,
      ansible_host: host.address,
      ansible_port: host.port,
      ...(host.user ? { ansible_user: host.user } : {}),
      ansible_ssh_extra_args: `-o HostKeyAlias=${hostKeyAlias(host.machineId)}`,
    };
  }
  const children: JsonObject = {};
  const groups = inventory.groups ?? {};
  for (const [
    group,
    { hosts: members, children: subgroups, vars },
  ] of Object.entries(groups)) {
    for (const subgroup of subgroups ?? []) {
      if (!(subgroup in groups)) {
        throw new TypeError(
          `inventory: group ${group} names an unknown group ${subgroup}`,
        );
      }
    }
    for (const member of members) {
      if (!names.has(member)) {
        throw new TypeError(
          `inventory: group ${group} names an unknown host ${member}`,
        );
      }
    }
    children[group] = {
      hosts: Object.fromEntries(members.map(m => [m, {}])),
      // A group named again by name is the same group (Ansible merges them).
      ...(subgroups?.length
        ? { children: Object.fromEntries(subgroups.map(c => [c, {}])) }
        : {}),
      ...(vars ? { vars } : {}),
    };
  }
  return JSON.stringify({
    all: { hosts, children, vars: inventory.vars ?? {} },
  });
}

function knownHosts(inventory: AnsibleInventory): string {
  return inventory.hosts
    .map(
      host => `${hostKeyAlias(host.machineId)} ${host.hostPublicKey.trim()}\n`,
    )
    .join('');
}

function playbookArgs(
  run: RunPlaybookOptions,
  hasVars: { extra: boolean; secret: boolean },
): string[] {
  const { options, secrets } = run;
  const args = ['-i', 'inventory.json'];
  if (hasVars.extra) args.push('-e', '@extra-vars.json');
  if (hasVars.secret) {
    args.push(
      '-e',
      '@secret-vars.yml',
      '--vault-id',
      `${ONE_TIME_VAULT_ID}@/dev/fd/${FD.oneTimeKey}`,
    );
  }
  if (secrets?.vaultPassword !== undefined) {
    args.push('--vault-password-file', `/dev/fd/${FD.vaultPassword}`);
  }
  if (options.limit?.length) args.push('--limit', options.limit.join(','));
  if (options.tags?.length) args.push('--tags', options.tags.join(','));
  if (options.skipTags?.length)
    args.push('--skip-tags', options.skipTags.join(','));
  if (options.check) args.push('--check');
  if (options.diff) args.push('--diff');
  const verbosity = Math.max(0, Math.min(4, options.verbosity ?? 0));
  if (verbosity > 0) args.push(`-${'v'.repeat(verbosity)}`);
  args.push('--', `${run.projectDir}/${run.playbook}`);
  return args;
}

/**
 * Runs one playbook in a run directory: writes its ansible.cfg, inventory and
 * known_hosts (only the pinned keys, StrictHostKeyChecking=yes), starts the
 * run's own ssh-agent with the key, and runs ansible-playbook with every
 * secret on an inherited pipe. The caller owns the directory and removes it
 * (which also stops the agent and ssh's ControlPersist masters).
 */
export async function runPlaybook(
  run: RunPlaybookOptions,
): Promise<PlaybookRun> {
  const { directory: dir, secrets } = run;
  const masker = new SecretMasker([
    secrets?.sshKey?.privateKey,
    secrets?.sshKey?.passphrase,
    secrets?.becomePassword,
    secrets?.vaultPassword,
    ...Object.values(secrets?.extraVars ?? {}).map(v =>
      typeof v === 'string' ? v : JSON.stringify(v),
    ),
  ]);
  for (const folder of ['home', 'tmp', 'cp']) {
    await mkdir(dir.resolve(folder), { mode: 0o700 });
  }
  await dir.writeFile('ansible.cfg', ansibleConfig(dir, run.options));
  await dir.writeFile('inventory.json', inventoryJson(run.inventory));
  await dir.writeFile('known_hosts', knownHosts(run.inventory));

  const path = run.path ?? '/usr/local/bin:/usr/bin:/bin';
  const env: Record<string, string> = {
    PATH: path,
    HOME: dir.resolve('home'),
    LANG: 'C.UTF-8',
    ANSIBLE_CONFIG: dir.resolve('ansible.cfg'),
    ANSIBLE_FORCE_COLOR: '1',
    PYTHONUNBUFFERED: '1',
  };

  const agent = secrets?.sshKey
    ? await startSshAgent({
        directory: dir,
        key: secrets.sshKey,
        env,
        signal: run.signal,
      })
    : undefined;
  try {
    return await runAnsible(
      run,
      { ...env, ...(agent ? { SSH_AUTH_SOCK: agent.socket } : {}) },
      masker,
    );
  } finally {
    await agent?.stop();
  }
}

async function runAnsible(
  run: RunPlaybookOptions,
  env: Record<string, string>,
  masker: SecretMasker,
): Promise<PlaybookRun> {
  const { directory: dir, secrets } = run;
  const out = masker.stream();
  const onText = (text: string) => {
    const safe = out.push(text);
    if (safe) run.onOutput(safe);
  };

  const extra =
    run.extraVars !== undefined && Object.keys(run.extraVars).length > 0;
  if (extra)
    await dir.writeFile('extra-vars.json', JSON.stringify(run.extraVars));
  const results = new PlaybookResults();
  const secretVars = {
    ...secrets?.extraVars,
    ...(secrets?.becomePassword !== undefined
      ? { ansible_become_password: secrets.becomePassword }
      : {}),
  };
  const secret = Object.keys(secretVars).length > 0;
  const oneTimeKey = randomBytes(32).toString('base64url');
  if (secret) await encryptVars(run, env, secretVars, oneTimeKey);
  const inputs: Array<{ fd: number; data: string }> = [];
  if (secrets?.vaultPassword !== undefined) {
    inputs.push({ fd: FD.vaultPassword, data: `${secrets.vaultPassword}\n` });
  }
  if (secret) inputs.push({ fd: FD.oneTimeKey, data: oneTimeKey });
  const result = await runProcess({
    runId: dir.id,
    command: run.ansiblePlaybook ?? 'ansible-playbook',
    args: playbookArgs(run, { extra, secret }),
    cwd: dir.path,
    env: { ...env, OPSSIGHT_EVENTS_FD: String(FD.events) },
    inputs,
    outputs: [
      {
        fd: FD.events,
        onData: eventLineReader(raw => {
          const event = masked(raw, masker, dir.resolve(run.projectDir));
          results.apply(event);
          run.onEvent?.(event);
        }),
      },
    ],
    onStdout: onText,
    onStderr: onText,
    signal: run.signal,
  });
  const rest = out.end();
  if (rest) run.onOutput(rest);
  return { ...result, results };
}

/**
 * An event as it may be stored and shown: known secrets masked in every
 * string of a result, task paths relative to the project.
 */
function masked(
  event: AnsibleEvent,
  masker: SecretMasker,
  projectPath: string,
): AnsibleEvent {
  if (event.type === 'task' && event.path?.startsWith(`${projectPath}/`)) {
    return { ...event, path: event.path.slice(projectPath.length + 1) };
  }
  if (event.type === 'result' && event.result) {
    const maskAll = (value: unknown): unknown => {
      if (typeof value === 'string') return masker.mask(value);
      if (Array.isArray(value)) return value.map(maskAll);
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, maskAll(v)]),
        );
      }
      return value;
    };
    return {
      ...event,
      result: maskAll(event.result) as JsonObject,
    };
  }
  return event;
}

/**
 * Writes secret-vars.yml: the secret variables as ansible-vault ciphertext
 * under a one-time key (ansible-vault reads the key from a pipe, the
 * variables from its standard input).
 */
async function encryptVars(
  run: RunPlaybookOptions,
  env: Record<string, string>,
  vars: JsonObject,
  oneTimeKey: string,
) {
  const dir = run.directory;
  const encrypted = await runProcess({
    runId: dir.id,
    command: 'ansible-vault',
    args: [
      'encrypt',
      '--vault-id',
      `${ONE_TIME_VAULT_ID}@/dev/fd/3`,
      '--encrypt-vault-id',
      ONE_TIME_VAULT_ID,
      '--output',
      dir.resolve('secret-vars.yml'),
      '-',
    ],
    cwd: dir.path,
    env,
    stdin: JSON.stringify(vars),
    inputs: [{ fd: 3, data: oneTimeKey }],
    signal: run.signal,
  });
  if (encrypted.exitCode !== 0) {
    throw new Error(
      "could not encrypt the run's secret variables (ansible-vault failed)",
    );
  }
}
