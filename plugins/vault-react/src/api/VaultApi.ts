import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  Credential,
  CredentialInput,
  CredentialKind,
  CredentialListItem,
  CredentialScope,
  CredentialUpdate,
} from '@opssight/plugin-vault-common';

export interface ListCredentialsQuery {
  kind?: CredentialKind;
  scope?: CredentialScope;
}

/**
 * The vault backend, one method per operation of its OpenAPI contract that a
 * person uses. Secrets only ever travel from the browser to the vault.
 */
export interface VaultApi {
  listCredentials(query?: ListCredentialsQuery): Promise<CredentialListItem[]>;
  getCredential(id: string): Promise<CredentialListItem>;
  createCredential(input: CredentialInput): Promise<Credential>;
  /** Fields left out stay as they are; a secret field given replaces the secret. */
  updateCredential(id: string, changes: CredentialUpdate): Promise<Credential>;
  deleteCredential(id: string): Promise<void>;
}

export const vaultApiRef = createApiRef<VaultApi>({
  id: 'plugin.vault.api',
});
