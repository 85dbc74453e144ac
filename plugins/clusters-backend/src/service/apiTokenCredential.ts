import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import {
  checkoutRefusal,
  VaultRequestError,
  VaultService,
  vaultCredentialNames,
} from '@opssight/plugin-vault-node';

/**
 * A 400 `apiUrl: …` for an API URL the outbound-address policy refuses: a
 * user name or password in it, an IP address not written canonically, a
 * metadata, link-local or unspecified address (also after resolving the
 * name), a loopback or private one outside `clusters.apiUrl.allowedNetworks`.
 */
export async function assertApiUrlAllowed(
  policy: OutboundAddressPolicy,
  apiUrl: string,
): Promise<void> {
  const problem = await policy.checkResolved(apiUrl);
  if (problem) {
    throw new InputError(`apiUrl: ${problem}`);
  }
}

/**
 * Checks, on behalf of the caller, that the vault would send the token to
 * the API URL: the credential is bound to it (admins bind shared
 * credentials to destinations). The vault's refusal names the credential.
 */
export async function assertTokenDestination(
  vault: VaultService,
  options: {
    credentialId: string;
    credentials: BackstageCredentials;
    apiUrl: string;
  },
): Promise<void> {
  const { credentialId, credentials, apiUrl } = options;
  try {
    await vault.checkDestination({
      credentialId,
      credentials,
      destination: apiUrl,
    });
  } catch (error) {
    throw checkoutRefusal(error, {
      where: 'apiTokenCredentialId',
      credentialId,
    });
  }
}

/**
 * Checks, on behalf of the caller, that a credential can serve a cluster's
 * health checks: it exists (for them), holds an API token, and is shared,
 * since the checks run with no user present and the vault hands a plugin
 * acting on its own shared credentials only. Reads the credential's
 * description from the vault, never its secret.
 */
export async function assertSharedApiToken(
  deps: { discovery: DiscoveryService; auth: AuthService },
  options: {
    credentialId: string;
    credentials: BackstageCredentials;
    field?: string;
  },
): Promise<void> {
  const { credentialId, credentials, field = 'apiTokenCredentialId' } = options;
  let credential;
  try {
    credential = await vaultCredentialNames(deps).get({
      credentialId,
      credentials,
    });
  } catch (error) {
    if (error instanceof VaultRequestError && error.statusCode < 500) {
      throw new NotAllowedError(
        `${field}: the vault does not let you use the chosen credential`,
      );
    }
    throw new ServiceUnavailableError(
      `${field}: could not ask the vault about the chosen credential; try again`,
    );
  }
  if (!credential) {
    throw new InputError(
      `${field}: the chosen credential is not in the vault (deleted, or another user's personal credential)`,
    );
  }
  if (credential.kind !== 'api-token') {
    throw new InputError(
      `${field}: credential '${credential.name}' is ${
        credential.kind === 'ssh-key' ? 'an SSH key' : 'a password'
      }; health checks call the Kubernetes API with an API token (a service-account token)`,
    );
  }
  if (credential.scope !== 'shared') {
    throw new InputError(
      `${field}: credential '${credential.name}' is personal; health checks run with no user present, so the token must be a shared credential (admins add them in the vault)`,
    );
  }
}
