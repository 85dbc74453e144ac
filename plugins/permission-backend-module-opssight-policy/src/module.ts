import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { OpssightPolicyPolicy } from './policy/OpssightPolicyPolicy';

export const permissionModuleOpssightPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'opssight-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new OpssightPolicyPolicy(userInfo));
      },
    });
  },
});
