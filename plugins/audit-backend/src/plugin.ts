import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { auditPermissions } from '@opssight/plugin-audit-common';
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
      deps: {
        store: auditStoreServiceRef,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        store,
        auditor,
        auth,
        discovery,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(auditPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            logger,
            store,
            discovery,
            auth,
          }),
        );
      },
    });
  },
});
