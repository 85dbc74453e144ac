import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { auditPermissions } from '@opssight/plugin-audit-common';
import { pluginServices } from '@opssight/plugin-http-node';
import { auditStoreServiceRef } from './service/auditStoreServiceRef';
import { createRouter } from './service/router';

/**
 * The audit trail's API: list, export and verify the hash-chained entries
 * that the OpsSight auditor writes for every plugin.
 *
 * @public
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: { ...pluginServices, store: auditStoreServiceRef },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(auditPermissions);
        deps.httpRouter.use(await createRouter(deps));
      },
    });
  },
});
