import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  Credential,
  CredentialInput,
  CredentialListItem,
  CredentialUpdate,
} from '@opssight/plugin-vault-common';
import type { ListCredentialsQuery, VaultApi } from './VaultApi';
import { toResponseError } from '@opssight/plugin-api-react';

/** The only place that knows the vault backend's URLs. */
export class VaultClient implements VaultApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listCredentials(
    query: ListCredentialsQuery = {},
  ): Promise<CredentialListItem[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value) params.set(key, value);
    }
    const search = params.toString();
    const { items } = await this.request<{ items: CredentialListItem[] }>(
      `/credentials${search ? `?${search}` : ''}`,
    );
    return items;
  }

  getCredential(id: string): Promise<CredentialListItem> {
    return this.request(`/credentials/${enc(id)}`);
  }

  createCredential(input: CredentialInput): Promise<Credential> {
    return this.request('/credentials', { method: 'POST', body: input });
  }

  updateCredential(id: string, changes: CredentialUpdate): Promise<Credential> {
    return this.request(`/credentials/${enc(id)}`, {
      method: 'PUT',
      body: changes,
    });
  }

  deleteCredential(id: string): Promise<void> {
    return this.request(`/credentials/${enc(id)}`, { method: 'DELETE' });
  }

  private async request<T>(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('vault');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      ...(options.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options.body),
      }),
    });
    if (!response.ok) {
      throw await toResponseError(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}

function enc(id: string) {
  return encodeURIComponent(id);
}
