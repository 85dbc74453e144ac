import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { OpsSightPolicy, RoleMapping } from './policy/OpsSightPolicy';

/**
 * Replaces the allow-all policy with OpsSight's roles.
 *
 * @public
 */
export const permissionModuleOpsSightPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'opssight-policy',
  register({ registerInit }) {
    registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(new OpsSightPolicy(RoleMapping.fromConfig(config)));
      },
    });
  },
});
