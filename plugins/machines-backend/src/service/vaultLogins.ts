import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  Machine,
  noSshUserMessage,
  sshLoginUser,
} from '@opssight/plugin-machines-common';
import {
  checkoutRefusal,
  CredentialSecret,
  sshLoginOf,
  VaultService,
} from '@opssight/plugin-vault-node';
import {
  loginCredentialId,
  MachineCredentialsResolver,
  MachineLogin,
} from './ConnectionTester';

/** `web-1, web-2 and 3 more`: enough to find the machines in an error message. */
function machineNames(machines: Machine[]): string {
  const shown = machines.slice(0, 3).map(m => m.hostname);
  const more = machines.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** What to do about a machine's default credential that cannot be used. */
const DEFAULT_HINT =
  '; pick a credentialId for the test, or null to test without logging in';

function toLogin(
  credentialId: string,
  secret: CredentialSecret,
  where: string,
): MachineLogin {
  const login = sshLoginOf(secret);
  if (!login) {
    throw new InputError(
      `${where}: credential '${credentialId}' is an API token; a connection test logs in with an SSH key or a password`,
    );
  }
  return { credentialId, ...login };
}

/**
 * Logins from the vault. Each credential a test needs is checked out once, on
 * behalf of the caller, so the vault decides whether they may use it (and
 * records that they did). A refusal names the field that chose the credential:
 * `credentialId` when it was picked for the test, or `defaultCredentialId` and
 * the machines that have it.
 */
export function vaultLogins(vault: VaultService): MachineCredentialsResolver {
  return async ({ machines, credentialId, credentials }) => {
    // Keyed by credential id, so each is checked out once however many machines use it.
    const machinesUsing = new Map<string, Machine[]>();
    for (const machine of machines) {
      const id = loginCredentialId(machine, credentialId);
      if (id) {
        machinesUsing.set(id, [...(machinesUsing.get(id) ?? []), machine]);
      }
    }
    const logins = new Map<string, MachineLogin>();
    for (const [id, using] of machinesUsing) {
      const picked = credentialId !== undefined;
      const where = picked
        ? 'credentialId'
        : `defaultCredentialId of ${machineNames(using)}`;
      const login = toLogin(
        id,
        await checkOut(
          vault,
          id,
          credentials,
          where,
          picked ? '' : DEFAULT_HINT,
        ),
        where,
      );
      for (const machine of using) {
        const username = sshLoginUser(machine, login.username);
        if (!username) {
          throw new InputError(`${where}: ${noSshUserMessage(machine)}`);
        }
        logins.set(machine.id, { ...login, username });
      }
    }
    return logins;
  };
}

async function checkOut(
  vault: VaultService,
  credentialId: string,
  credentials: BackstageCredentials,
  where: string,
  hint: string,
): Promise<CredentialSecret> {
  try {
    return await vault.getSecret({ credentialId, credentials });
  } catch (error) {
    throw checkoutRefusal(error, { where, credentialId, hint });
  }
}
