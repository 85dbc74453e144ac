import type {
  Credential,
  CredentialInput,
  CredentialListItem,
  CredentialUpdate,
} from '@opssight/plugin-vault-common';
import type { ListCredentialsQuery, VaultApi } from './VaultApi';
import {
  createApiFetcher,
  type ApiClientOptions,
  type ApiFetcher,
} from '@opssight/plugin-api-react';

/** The only place that knows the vault backend's URLs. */
export class VaultClient implements VaultApi {
  private readonly api: ApiFetcher;

  constructor(options: ApiClientOptions) {
    this.api = createApiFetcher({ ...options, pluginId: 'vault' });
  }

  async listCredentials(
    query: ListCredentialsQuery = {},
  ): Promise<CredentialListItem[]> {
    const { items } = await this.api.json<{ items: CredentialListItem[] }>(
      '/credentials',
      { query: { ...query } },
    );
    return items;
  }

  getCredential(id: string): Promise<CredentialListItem> {
    return this.api.json(`/credentials/${enc(id)}`);
  }

  createCredential(input: CredentialInput): Promise<Credential> {
    return this.api.json('/credentials', { method: 'POST', body: input });
  }

  updateCredential(id: string, changes: CredentialUpdate): Promise<Credential> {
    return this.api.json(`/credentials/${enc(id)}`, {
      method: 'PUT',
      body: changes,
    });
  }

  deleteCredential(id: string): Promise<void> {
    return this.api.noContent(`/credentials/${enc(id)}`, {
      method: 'DELETE',
    });
  }
}

function enc(id: string) {
  return encodeURIComponent(id);
}
