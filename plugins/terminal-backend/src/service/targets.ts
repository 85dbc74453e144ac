import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  Machine,
  noSshUserMessage,
  sshLoginUser,
} from '@opssight/plugin-machines-common';
import { MachinesService } from '@opssight/plugin-machines-node';
import { SshCredentials } from '@opssight/plugin-ssh-node';
import {
  checkoutRefusal,
  sshLoginOf,
  VaultService,
} from '@opssight/plugin-vault-node';

/** Where a session goes and how it logs in: resolved on the server, never sent by the browser. */
export type SessionTarget = {
  machine: Pick<
    Machine,
    'id' | 'ip' | 'hostname' | 'sshPort' | 'hostKeyFingerprint'
  > & { hostKeyFingerprint: string };
  credentialId: string;
  login: SshCredentials;
};

/**
 * Resolves a machine id and a credential id into a target, on behalf of the
 * user: the machines plugin decides whether they may see the machine, the
 * vault whether they may use the credential.
 */
export class SessionTargets {
  constructor(
    private readonly deps: {
      machines: MachinesService;
      vault: VaultService;
    },
  ) {}

  async resolve(options: {
    machineId: string;
    credentialId?: string;
    credentials: BackstageCredentials;
  }): Promise<SessionTarget> {
    const machine = await this.machine(options.machineId, options.credentials);
    if (!machine.hostKeyFingerprint) {
      throw new ConflictError(
        `machineId: ${machine.hostname} has no pinned host key yet; run a connection test first, so the terminal knows which key to expect`,
      );
    }
    const credentialId = options.credentialId ?? machine.defaultCredentialId;
    if (!credentialId) {
      throw new InputError(
        `credentialId: pick a credential; ${machine.hostname} has no default credential`,
      );
    }
    const login = await this.login(credentialId, options.credentials);
    const username = sshLoginUser(machine, login.username);
    if (!username) {
      throw new InputError(
        `credentialId: ${noSshUserMessage(
          machine,
          await this.credentialName(credentialId, options.credentials),
        )}`,
      );
    }
    return {
      machine: {
        id: machine.id,
        ip: machine.ip,
        hostname: machine.hostname,
        sshPort: machine.sshPort,
        hostKeyFingerprint: machine.hostKeyFingerprint,
      },
      credentialId,
      login: { ...login, username },
    };
  }

  /** The credential's name, to say which one it is; undefined when the vault does not say. */
  private async credentialName(
    credentialId: string,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    try {
      return (
        await this.deps.vault.describeCredential({ credentialId, credentials })
      )?.name;
    } catch {
      return undefined;
    }
  }

  private async machine(
    machineId: string,
    credentials: BackstageCredentials,
  ): Promise<Machine> {
    try {
      return await this.deps.machines.get(machineId, { credentials });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(
          `machineId: no registered machine with id '${machineId}'`,
        );
      }
      if (error instanceof NotAllowedError) {
        throw new NotAllowedError(
          `machineId: you may not see machine '${machineId}'`,
        );
      }
      throw error;
    }
  }

  private async login(
    credentialId: string,
    credentials: BackstageCredentials,
  ): Promise<SshCredentials> {
    let secret;
    try {
      secret = await this.deps.vault.getSecret({ credentialId, credentials });
    } catch (error) {
      throw checkoutRefusal(error, { where: 'credentialId', credentialId });
    }
    const login = sshLoginOf(secret);
    if (!login) {
      throw new InputError(
        `credentialId: '${credentialId}' is an API token; a terminal logs in with an SSH key or a password`,
      );
    }
    return login;
  }
}
