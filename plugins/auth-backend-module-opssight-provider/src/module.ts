import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';

export const authModuleOpssightProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'opssight-provider',
  register(reg) {
    reg.registerInit({
      deps: { logger: coreServices.logger },
      async init({ logger }) {
        logger.info('Hello World!');
      },
    });
  },
});
