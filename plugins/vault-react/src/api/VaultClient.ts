import type {
  Credential,
  CredentialInput,
  CredentialListItem,
  CredentialUpdate,
} from '@opssight/plugin-vault-common';
import { PluginApiClient } from '@opssight/plugin-api-react';
import type { ListCredentialsQuery, VaultApi } from './VaultApi';

/** The only place that knows the vault backend's URLs. */
export class VaultClient extends PluginApiClient implements VaultApi {
  protected readonly pluginId = 'vault';
  private readonly credentials = this.records<
    CredentialListItem,
    CredentialInput,
    CredentialUpdate,
    Credential
  >('/credentials');

  readonly getCredential = this.credentials.get;
  readonly createCredential = this.credentials.create;
  readonly updateCredential = this.credentials.update;
  readonly deleteCredential = this.credentials.remove;

  async listCredentials(
    query: ListCredentialsQuery = {},
  ): Promise<CredentialListItem[]> {
    const { items } = await this.api.json<{ items: CredentialListItem[] }>(
      '/credentials',
      { query: { ...query } },
    );
    return items;
  }
}
