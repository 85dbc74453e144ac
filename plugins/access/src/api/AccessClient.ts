import type { LocalUser, LocalUserList } from '@opssight/plugin-access-common';
import {
  createApiFetcher,
  type ApiClientOptions,
  type ApiFetcher,
} from '@opssight/plugin-api-react';
import type { AccessApi, LocalUserProfile, NewLocalUser } from './AccessApi';

/** The only place that knows the access backend's URLs. */
export class AccessClient implements AccessApi {
  private readonly api: ApiFetcher;

  constructor(options: ApiClientOptions) {
    this.api = createApiFetcher({ ...options, pluginId: 'access' });
  }

  async listUsers(): Promise<LocalUser[]> {
    const { items } = await this.api.json<LocalUserList>('/users');
    return items;
  }

  getUser(username: string): Promise<LocalUser> {
    return this.api.json(`/users/${enc(username)}`);
  }

  createUser(user: NewLocalUser): Promise<LocalUser> {
    return this.api.json('/users', { method: 'POST', body: user });
  }

  updateUser(username: string, profile: LocalUserProfile): Promise<LocalUser> {
    return this.api.json(`/users/${enc(username)}`, {
      method: 'PUT',
      body: profile,
    });
  }

  deleteUser(username: string): Promise<void> {
    return this.api.noContent(`/users/${enc(username)}`, { method: 'DELETE' });
  }

  disableUser(username: string): Promise<LocalUser> {
    return this.api.json(`/users/${enc(username)}/disable`, { method: 'POST' });
  }

  enableUser(username: string): Promise<LocalUser> {
    return this.api.json(`/users/${enc(username)}/enable`, { method: 'POST' });
  }

  resetPassword(username: string, password: string): Promise<LocalUser> {
    return this.api.json(`/users/${enc(username)}/reset-password`, {
      method: 'POST',
      body: { password },
    });
  }

  getMe(): Promise<LocalUser> {
    return this.api.json('/me');
  }

  changeMyPassword(
    currentPassword: string,
    newPassword: string,
  ): Promise<LocalUser> {
    return this.api.json('/me/password', {
      method: 'POST',
      body: { currentPassword, newPassword },
    });
  }
}

function enc(username: string) {
  return encodeURIComponent(username);
}
