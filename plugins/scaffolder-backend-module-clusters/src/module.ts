import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { machinesServiceRef } from '@opssight/plugin-machines-node';
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
        machines: machinesServiceRef,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ auth, discovery, machines, scaffolderActions }) {
        const api = new OpsSightApi({ auth, discovery });
        scaffolderActions.addActions(
          messageOnlyErrors(createRegisterMachinesAction({ machines })),
          messageOnlyErrors(createCreateClusterAction({ api })),
        );
      },
    });
  },
});

/**
 * The task page shows a failed step's error, stack included: a user sees
 * what went wrong in words, never this backend's files and lines (those are
 * in the backend log). The error keeps its name, message and class.
 */
export function messageOnlyErrors<A extends TemplateAction<any, any, any>>(
  action: A,
): A {
  return {
    ...action,
    async handler(ctx: Parameters<A['handler']>[0]) {
      try {
        return await action.handler(ctx);
      } catch (error) {
        if (error instanceof Error) {
          error.stack = `${error.name}: ${error.message}`;
          delete (error as { cause?: unknown }).cause;
        }
        throw error;
      }
    },
  };
}
