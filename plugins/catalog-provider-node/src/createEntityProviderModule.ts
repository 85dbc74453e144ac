import {
  AuthService,
  BackendFeature,
  coreServices,
  createBackendModule,
  DiscoveryService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { EventedEntityProviderServices } from './EventedEntityProvider';

/**
 * The runner of a provider's full refresh: every `refreshMinutes` of
 * `catalog.providers.<configKey>` (5 unless set), the first a little after
 * the backend has started.
 */
export function refreshTaskRunner(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  configKey: string;
}): SchedulerServiceTaskRunner {
  const minutes =
    options.config.getOptionalNumber(
      `catalog.providers.${options.configKey}.refreshMinutes`,
    ) ?? 5;
  return options.scheduler.createScheduledTaskRunner({
    frequency: { minutes },
    timeout: { minutes: 2 },
    // Let the backend finish starting before the first full read.
    initialDelay: { seconds: 10 },
  });
}

type SingletonRefs = {
  [name in string]: ServiceRef<unknown, any, 'singleton'>;
};
type InstancesOf<TDeps extends SingletonRefs> = {
  [K in keyof TDeps]: TDeps[K] extends ServiceRef<infer T, any, any>
    ? T
    : never;
};

/** What every provider module gets, besides the services it names itself. */
export type EntityProviderModuleContext = EventedEntityProviderServices & {
  config: RootConfigService;
  auth: AuthService;
  discovery: DiscoveryService;
};

/**
 * A catalog module adding one provider: its refresh runner read from
 * `catalog.providers.<configKey>.refreshMinutes`, the events bus, and any
 * further services the provider needs (`deps`).
 */
export function createEntityProviderModule<
  TDeps extends SingletonRefs = {},
>(options: {
  moduleId: string;
  /** Where its settings live: `catalog.providers.<configKey>`. */
  configKey: string;
  deps?: TDeps;
  createProvider(
    context: EntityProviderModuleContext & InstancesOf<TDeps>,
  ): EntityProvider;
}): BackendFeature {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: options.moduleId,
    register(env) {
      env.registerInit({
        deps: {
          ...(options.deps as SingletonRefs),
          logger: coreServices.logger,
          config: coreServices.rootConfig,
          scheduler: coreServices.scheduler,
          auth: coreServices.auth,
          discovery: coreServices.discovery,
          events: eventsServiceRef,
          processing: catalogProcessingExtensionPoint,
        },
        async init({ processing, scheduler, ...services }) {
          const taskRunner = refreshTaskRunner({
            config: services.config,
            scheduler,
            configKey: options.configKey,
          });
          processing.addEntityProvider(
            options.createProvider({
              ...services,
              taskRunner,
            } as EntityProviderModuleContext & InstancesOf<TDeps>),
          );
        },
      });
    },
  });
}
