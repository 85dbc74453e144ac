import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  ACCESS_EVENTS_TOPIC,
  LocalUser,
  LocalUserList,
} from '@opssight/plugin-access-common';
import {
  createPluginApiReader,
  EventedEntityProvider,
  EventedEntityProviderServices,
  PluginApiReader,
} from '@opssight/plugin-catalog-provider-node';
import { LOCATION_KEY, roleGroupEntities, userToEntity } from './userEntities';

/**
 * Publishes every local account as a catalog User, read from the access
 * backend's API as the catalog, and the three role Groups with every full
 * refresh; changes arrive on the access events topic.
 */
export class AccessUsersProvider extends EventedEntityProvider<LocalUser> {
  private readonly api: PluginApiReader;

  constructor(
    options: EventedEntityProviderServices & {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {
    super(
      {
        name: 'opssight-access-users',
        locationKey: LOCATION_KEY,
        topic: ACCESS_EVENTS_TOPIC,
        changeField: 'users',
        itemsName: 'local users',
      },
      options,
    );
    this.api = createPluginApiReader({ ...options, pluginId: 'access' });
  }

  protected async readAll() {
    return (await this.api.get<LocalUserList>('/users')).items;
  }

  protected toEntity(user: LocalUser) {
    return userToEntity(user);
  }

  protected fixedEntities() {
    return roleGroupEntities();
  }
}
