import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { LocalUser, LocalUserList } from '@opssight/plugin-access-common';
import { toResponseError } from '@opssight/plugin-api-react';
import type { AccessApi, LocalUserProfile, NewLocalUser } from './AccessApi';

/** The only place that knows the access backend's URLs. */
export class AccessClient implements AccessApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listUsers(): Promise<LocalUser[]> {
    const { items } = await this.request<LocalUserList>('/users');
    return items;
  }

  getUser(username: string): Promise<LocalUser> {
    return this.request(`/users/${enc(username)}`);
  }

  createUser(user: NewLocalUser): Promise<LocalUser> {
    return this.request('/users', { method: 'POST', body: user });
  }

  updateUser(username: string, profile: LocalUserProfile): Promise<LocalUser> {
    return this.request(`/users/${enc(username)}`, {
      method: 'PUT',
      body: profile,
    });
  }

  deleteUser(username: string): Promise<void> {
    return this.request(`/users/${enc(username)}`, { method: 'DELETE' });
  }

  disableUser(username: string): Promise<LocalUser> {
    return this.request(`/users/${enc(username)}/disable`, { method: 'POST' });
  }

  enableUser(username: string): Promise<LocalUser> {
    return this.request(`/users/${enc(username)}/enable`, { method: 'POST' });
  }

  resetPassword(username: string, password: string): Promise<LocalUser> {
    return this.request(`/users/${enc(username)}/reset-password`, {
      method: 'POST',
      body: { password },
    });
  }

  getMe(): Promise<LocalUser> {
    return this.request('/me');
  }

  changeMyPassword(
    currentPassword: string,
    newPassword: string,
  ): Promise<LocalUser> {
    return this.request('/me/password', {
      method: 'POST',
      body: { currentPassword, newPassword },
    });
  }

  private async request<T>(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('access');
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

function enc(username: string) {
  return encodeURIComponent(username);
}
