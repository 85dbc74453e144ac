import { createEntityProviderModule } from '@opssight/plugin-catalog-provider-node';
import { AccessUsersProvider } from './provider/AccessUsersProvider';

/**
 * Publishes the OpsSight local accounts to the catalog as Users, members of the
 * role Groups opssight-admins, opssight-operators and opssight-viewers.
 *
 * @public
 */
export const catalogModuleUsers = createEntityProviderModule({
  moduleId: 'opssight-access-users',
  configKey: 'opssightAccess',
  createProvider: services => new AccessUsersProvider(services),
});
