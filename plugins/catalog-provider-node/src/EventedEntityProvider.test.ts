import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { EventParams } from '@backstage/plugin-events-node';
import {
  EventedEntityProvider,
  EventedEntityProviderServices,
} from './EventedEntityProvider';

type Dashboard = { name: string };

const TOPIC = 'opssight.dashboards';

function dashboardEntity(d: Dashboard): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: d.name },
    spec: { type: 'dashboard', owner: 'group:default/platform' },
  };
}

/** A provider as the catalog modules write one: the spec, a reader, a mapping. */
class DashboardsProvider extends EventedEntityProvider<Dashboard> {
  constructor(
    services: EventedEntityProviderServices,
    private readonly dashboards: () => Dashboard[],
    private readonly fixed: Entity[] = [],
  ) {
    super(
      {
        name: 'opssight-dashboards',
        locationKey: 'opssight-dashboards-key',
        topic: TOPIC,
        changeField: 'dashboards',
        itemsName: 'dashboards',
      },
      services,
    );
  }

  protected async readAll() {
    return this.dashboards();
  }

  protected toEntity(d: Dashboard) {
    return dashboardEntity(d);
  }

  protected fixedEntities() {
    return this.fixed;
  }
}

describe('EventedEntityProvider', () => {
  function setUp(options: { fixed?: Entity[] } = {}) {
    const dashboards: Dashboard[] = [{ name: 'grafana' }, { name: 'argo' }];
    const mutations: EntityProviderMutation[] = [];
    const subscriptions: Array<{
      id: string;
      topics: string[];
      onEvent: (event: EventParams) => Promise<void>;
    }> = [];
    const scheduled: SchedulerServiceTaskInvocationDefinition[] = [];
    const logger = mockServices.logger.mock();
    const provider = new DashboardsProvider(
      {
        logger,
        events: mockServices.events.mock({
          subscribe: async s => void subscriptions.push(s),
        }),
        taskRunner: { run: async task => void scheduled.push(task) },
      },
      () => dashboards,
      options.fixed,
    );
    const connect = () =>
      provider.connect({
        applyMutation: async m => void mutations.push(m),
        refresh: async () => {},
      });
    const publish = async (eventPayload: unknown) => {
      for (const s of subscriptions) {
        await s.onEvent({ topic: TOPIC, eventPayload });
      }
    };
    return {
      provider,
      dashboards,
      mutations,
      subscriptions,
      scheduled,
      logger,
      connect,
      publish,
    };
  }

  it('is named as its spec says', () => {
    expect(setUp().provider.getProviderName()).toBe('opssight-dashboards');
  });

  it('on connecting, follows the owning plugin’s topic and schedules its full refresh', async () => {
    const { subscriptions, scheduled, mutations, connect } = setUp();
    await connect();
    expect(subscriptions.map(s => [s.id, s.topics])).toEqual([
      ['catalog-opssight-dashboards', [TOPIC]],
    ]);
    expect(scheduled.map(t => t.id)).toEqual(['opssight-dashboards:refresh']);
    expect(mutations).toEqual([]);

    await scheduled[0].fn(new AbortController().signal);
    expect(mutations).toEqual([
      {
        type: 'full',
        entities: [
          {
            entity: dashboardEntity({ name: 'grafana' }),
            locationKey: 'opssight-dashboards-key',
          },
          {
            entity: dashboardEntity({ name: 'argo' }),
            locationKey: 'opssight-dashboards-key',
          },
        ],
      },
    ]);
  });

  it('publishes its fixed entities with every full refresh, and logs how many items it read', async () => {
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'dashboard-viewers' },
      spec: { type: 'team', children: [] },
    };
    const { provider, mutations, logger, dashboards, connect } = setUp({
      fixed: [group],
    });
    await connect();
    dashboards.pop();
    await provider.refresh();
    expect(mutations).toEqual([
      {
        type: 'full',
        entities: [
          { entity: group, locationKey: 'opssight-dashboards-key' },
          {
            entity: dashboardEntity({ name: 'grafana' }),
            locationKey: 'opssight-dashboards-key',
          },
        ],
      },
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'Published 1 dashboards to the catalog',
    );
  });

  it('applies each announced change as a delta, and ignores empty or foreign payloads', async () => {
    const { mutations, connect, publish } = setUp();
    await connect();
    await publish({ type: 'upserted', dashboards: [{ name: 'kibana' }] });
    await publish({ type: 'deleted', dashboards: [{ name: 'argo' }] });
    await publish({ type: 'upserted', dashboards: [] });
    await publish({ type: 'upserted', clusters: [{ name: 'c1' }] });
    await publish(undefined);

    const located = (name: string) => ({
      entity: dashboardEntity({ name }),
      locationKey: 'opssight-dashboards-key',
    });
    expect(mutations).toEqual([
      { type: 'delta', added: [located('kibana')], removed: [] },
      { type: 'delta', added: [], removed: [located('argo')] },
    ]);
  });

  it('refuses a refresh before the catalog connected it', async () => {
    await expect(setUp().provider.refresh()).rejects.toThrow(
      'DashboardsProvider is not connected',
    );
  });
});
