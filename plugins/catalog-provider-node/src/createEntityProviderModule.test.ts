import {
  createServiceFactory,
  createServiceRef,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  createEntityProviderModule,
  EntityProviderModuleContext,
} from './createEntityProviderModule';

/** A service a provider may need besides the shared ones (machinesServiceRef, say). */
const dashboardsServiceRef = createServiceRef<{ list(): string[] }>({
  id: 'test.dashboards',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ list: () => ['grafana'] }),
    }),
});

describe('createEntityProviderModule', () => {
  async function start(config: object) {
    const added: EntityProvider[] = [];
    const schedules: SchedulerServiceTaskScheduleDefinition[] = [];
    let context:
      | (EntityProviderModuleContext & { dashboards: { list(): string[] } })
      | undefined;
    const module = createEntityProviderModule({
      moduleId: 'opssight-dashboards',
      configKey: 'opssightDashboards',
      deps: { dashboards: dashboardsServiceRef },
      createProvider(ctx) {
        context = ctx;
        return {
          getProviderName: () => 'opssight-dashboards',
          connect: async () => {},
        };
      },
    });
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addEntityProvider: (...p: any[]) => void added.push(...p.flat()) },
        ],
      ],
      features: [
        module,
        eventsServiceFactory,
        mockServices.rootConfig.factory({ data: config }),
        mockServices.scheduler.mock({
          createScheduledTaskRunner: schedule => {
            schedules.push(schedule);
            return { run: async () => {} };
          },
        }).factory,
      ],
    });
    return { added, schedules, context: context! };
  }

  it('adds the provider to the catalog with the services it named and the shared ones', async () => {
    const { added, context } = await start({});
    expect(added.map(p => p.getProviderName())).toEqual([
      'opssight-dashboards',
    ]);
    expect(context.dashboards.list()).toEqual(['grafana']);
    for (const shared of [
      'logger',
      'events',
      'taskRunner',
      'config',
      'auth',
      'discovery',
    ] as const) {
      expect(context[shared]).toBeDefined();
    }
  });

  it('runs the full refresh every 5 minutes unless the provider’s refreshMinutes says otherwise', async () => {
    expect((await start({})).schedules).toEqual([
      {
        frequency: { minutes: 5 },
        timeout: { minutes: 2 },
        initialDelay: { seconds: 10 },
      },
    ]);
    const configured = await start({
      catalog: { providers: { opssightDashboards: { refreshMinutes: 30 } } },
    });
    expect(configured.schedules.map(s => s.frequency)).toEqual([
      { minutes: 30 },
    ]);
  });
});
