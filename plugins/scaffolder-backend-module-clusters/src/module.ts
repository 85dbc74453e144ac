import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCreateClusterAction } from './actions/createCluster';
import { createRegisterMachinesAction } from './actions/registerMachines';
import { OpsSightApi } from './OpsSightApi';

/**
 * The cluster wizard's scaffolder actions: `opssight:machines:register` and
 * `opssight:clusters:create`, both acting as the user who runs the template.
 *
 * @public
 */
export const scaffolderModuleClusters = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'opssight-clusters',
  register({ registerInit }) {
    registerInit({
      deps: {
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ auth, discovery, scaffolderActions }) {
        const api = new OpsSightApi({ auth, discovery });
        scaffolderActions.addActions(
          createRegisterMachinesAction({ api }),
          createCreateClusterAction({ api }),
        );
      },
    });
  },
});
