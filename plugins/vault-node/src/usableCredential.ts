import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CredentialKind, CredentialName } from '@opssight/plugin-vault-common';
import { VaultRequestError, VaultService } from './VaultService';

const KIND_NAMES: Record<CredentialKind, string> = {
  'ssh-key': 'an SSH key',
  password: 'a password',
  'api-token': 'an API token',
};

/**
 * A credential a form field names, checked as the caller sees it in the
 * vault: it exists, they may use it and, when `kinds` says, it is of a kind
 * the field takes. No secret leaves the vault. Every refusal names `field`:
 * a 403 when the vault does not let the caller use it, a 400 when it is not
 * there (deleted, or another user's personal credential) or of another kind
 * (`<field>: credential 'x' is a password; <why>`), a 503 when the vault
 * cannot be asked.
 *
 * @public
 */
export async function usableCredential(
  vault: Pick<VaultService, 'describeCredential'>,
  options: {
    credentialId: string;
    credentials: BackstageCredentials;
    /** The request's field that names the credential (`sshCredentialId`). */
    field: string;
    /** The kinds the field takes, and why, in the user's words. */
    kinds?: { accepted: readonly CredentialKind[]; why: string };
  },
): Promise<CredentialName> {
  const { credentialId, credentials, field, kinds } = options;
  let credential: CredentialName | undefined;
  try {
    credential = await vault.describeCredential({ credentialId, credentials });
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
  if (kinds && !kinds.accepted.includes(credential.kind)) {
    throw new InputError(
      `${field}: credential '${credential.name}' is ${
        KIND_NAMES[credential.kind] ?? credential.kind
      }; ${kinds.why}`,
    );
  }
  return credential;
}
