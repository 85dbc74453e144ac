import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  Machine,
  noSshUserMessage,
  sshLoginUser,
} from '@opssight/plugin-machines-common';
import {
  CredentialCheckout,
  CredentialNames,
  VaultRequestError,
  VaultService,
} from '@opssight/plugin-vault-node';
import {
  loginCredentialId,
  MachineCredentialsResolver,
  MachineLogins,
} from './ConnectionTests';

/** `web-1, web-2 and 3 more`: enough to find the machines in an error message. */
function machineNames(machines: Machine[]): string {
  const shown = machines.slice(0, 3).map(m => m.hostname);
  const more = machines.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** What to do about a machine's default credential that cannot be used. */
const DEFAULT_HINT =
  '; pick another credential for the test, or test without logging in';

/** `'deploy key'`, or what the user may know of a credential they cannot see. */
async function credentialLabel(
  names: CredentialNames | undefined,
  credentialId: string,
  credentials: BackstageCredentials,
): Promise<string> {
  try {
    const found = await names?.get({ credentialId, credentials });
    if (found) return `'${found.name}'`;
  } catch {
    // Only for a message: the refusal itself says what went wrong.
  }
  return 'the credential';
}

/**
 * The vault's refusal as the answer to the request that chose the
 * credential: `where` names the field or the machines, the credential is
 * named by its name, never by its id.
 */
function refusal(
  error: unknown,
  where: string,
  label: string,
  credentialId: string,
  hint: string,
): Error {
  if (error instanceof VaultRequestError && error.statusCode === 404) {
    return new InputError(`${where}: ${label} is not in the vault${hint}`);
  }
  if (
    error instanceof VaultRequestError &&
    error.statusCode >= 400 &&
    error.statusCode < 500
  ) {
    const cause = (error.cause as { message?: string } | undefined)?.message;
    const reason = (cause ?? error.message)
      .split(`credential '${credentialId}'`)
      .join(label)
      .split(credentialId)
      .join(label);
    return error.statusCode === 403
      ? new NotAllowedError(`${where}: ${reason}${hint}`)
      : new InputError(`${where}: ${reason}${hint}`);
  }
  return new ServiceUnavailableError(
    `${where}: could not check ${label} out of the vault; try again later`,
  );
}

/**
 * Logins from the vault. Each credential a test needs is checked out once, on
 * behalf of the caller, so the vault decides whether they may use it (and
 * records that they did); it stays sealed until the job runs, on whichever
 * replica claims it. A refusal names the field that chose the credential
 * (`credentialId` when it was picked for the test) or the machines whose
 * default it is, and the credential by name (`names`).
 */
export function vaultLogins(
  vault: Pick<VaultService, 'checkout'>,
  names?: CredentialNames,
): MachineCredentialsResolver {
  return async ({ machines, credentialId, credentials }) => {
    // Keyed by credential id, so each is checked out once however many machines use it.
    const machinesUsing = new Map<string, Machine[]>();
    for (const machine of machines) {
      const id = loginCredentialId(machine, credentialId);
      if (id) {
        machinesUsing.set(id, [...(machinesUsing.get(id) ?? []), machine]);
      }
    }
    const logins: MachineLogins = { loginOf: new Map(), checkouts: [] };
    for (const [id, using] of machinesUsing) {
      const picked = credentialId !== undefined;
      const where = picked
        ? 'credentialId'
        : `The default credential of ${machineNames(using)}`;
      let checkout: CredentialCheckout;
      try {
        checkout = await vault.checkout({ credentialId: id, credentials });
      } catch (error) {
        throw refusal(
          error,
          where,
          await credentialLabel(names, id, credentials),
          id,
          picked ? '' : DEFAULT_HINT,
        );
      }
      if (checkout.kind === 'api-token') {
        throw new InputError(
          `${where}: ${await credentialLabel(
            names,
            id,
            credentials,
          )} is an API token; a connection test logs in with an SSH key or a password`,
        );
      }
      for (const machine of using) {
        const username = sshLoginUser(machine, checkout.username);
        if (!username) {
          throw new InputError(`${where}: ${noSshUserMessage(machine)}`);
        }
        logins.loginOf.set(machine.id, { credentialId: id, username });
      }
      logins.checkouts.push(checkout);
    }
    return logins;
  };
}
