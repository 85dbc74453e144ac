import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CredentialName } from '@opssight/plugin-vault-common';
import { VaultRequestError } from './VaultService';

/**
 * How a backend plugin learns what a credential is (name, kind, scope) on a
 * user's behalf, to check a choice (only shared credentials may be a
 * machine's default) and to name the credential in its messages. No secret
 * leaves the vault; the vault decides what the user may see.
 *
 * @public
 */
export interface CredentialNames {
  /**
   * The credential as the user sees it, or undefined when it does not exist
   * or is another user's personal credential (the vault answers 404 for
   * both). Rejects with a {@link VaultRequestError} for anything else.
   */
  get(options: {
    credentialId: string;
    credentials: BackstageCredentials;
  }): Promise<CredentialName | undefined>;
}

/**
 * {@link CredentialNames} from the vault plugin over HTTP
 * (`GET /api/vault/credentials/:id`, on behalf of the user).
 *
 * @public
 */
export function vaultCredentialNames(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): CredentialNames {
  const { discovery, auth } = options;
  return {
    async get({ credentialId, credentials }) {
      if (!auth.isPrincipal(credentials, 'user')) {
        throw new VaultRequestError(
          403,
          'Only a user can choose a credential; this request was made by a service',
        );
      }
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'vault',
      });
      const baseUrl = await discovery.getBaseUrl('vault');
      let response: Response;
      try {
        response = await fetch(
          `${baseUrl}/credentials/${encodeURIComponent(credentialId)}`,
          {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(15_000),
          },
        );
      } catch (error) {
        throw new VaultRequestError(
          503,
          `Could not ask the vault: ${(error as Error).message}`,
          error,
        );
      }
      if (response.status === 404) {
        return undefined;
      }
      if (!response.ok) {
        let message = `HTTP ${response.status}`;
        try {
          const body = (await response.json()) as {
            error?: { message?: string };
          };
          message = body.error?.message ?? message;
        } catch {
          // Not the JSON error body every Backstage backend answers with.
        }
        throw new VaultRequestError(response.status, message);
      }
      const { id, name, kind, scope } =
        (await response.json()) as CredentialName;
      return { id, name, kind, scope };
    },
  };
}
