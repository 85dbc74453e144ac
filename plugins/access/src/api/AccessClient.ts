import type { LocalUser, LocalUserList } from '@opssight/plugin-access-common';
import { PluginApiClient, recordPath } from '@opssight/plugin-api-react';
import type { AccessApi, LocalUserProfile, NewLocalUser } from './AccessApi';

/** The only place that knows the access backend's URLs. */
export class AccessClient extends PluginApiClient implements AccessApi {
  protected readonly pluginId = 'access';
  private readonly users = this.records<
    LocalUser,
    NewLocalUser,
    LocalUserProfile
  >('/users');

  readonly getUser = this.users.get;
  readonly createUser = this.users.create;
  readonly updateUser = this.users.update;
  readonly deleteUser = this.users.remove;

  async listUsers(): Promise<LocalUser[]> {
    const { items } = await this.api.json<LocalUserList>('/users');
    return items;
  }

  disableUser(username: string): Promise<LocalUser> {
    return this.api.json(`${user(username)}/disable`, { method: 'POST' });
  }

  enableUser(username: string): Promise<LocalUser> {
    return this.api.json(`${user(username)}/enable`, { method: 'POST' });
  }

  resetPassword(username: string, password: string): Promise<LocalUser> {
    return this.api.json(`${user(username)}/reset-password`, {
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

function user(username: string) {
  return recordPath('/users', username);
}
