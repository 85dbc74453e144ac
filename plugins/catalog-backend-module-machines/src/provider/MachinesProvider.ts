import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  Machine,
  MachineChangeEvent,
  MachineList,
  MACHINES_EVENTS_TOPIC,
} from '@opssight/plugin-machines-common';
import { LOCATION_KEY, machineToEntity } from './machineEntity';

const PAGE_SIZE = 1000;

/**
 * Publishes every machine of the registry as a catalog entity. Changes arrive as
 * events from the machines backend and are applied as delta mutations within a
 * moment; a scheduled full read keeps the catalog right if an event was missed.
 */
export class MachinesProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: {
      logger: LoggerService;
      auth: AuthService;
      discovery: DiscoveryService;
      events: EventsService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName() {
    return 'opssight-machines';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.options.events.subscribe({
      id: 'catalog-opssight-machines',
      topics: [MACHINES_EVENTS_TOPIC],
      onEvent: async ({ eventPayload }) => {
        await this.applyChange(eventPayload as MachineChangeEvent);
      },
    });
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Replaces the provider's entities with every machine in the registry. */
  async refresh() {
    if (!this.connection) throw new Error('MachinesProvider is not connected');
    const machines = await this.readAll();
    await this.connection.applyMutation({
      type: 'full',
      entities: machines.map(m => ({
        entity: machineToEntity(m),
        locationKey: LOCATION_KEY,
      })),
    });
    this.options.logger.info(
      `Published ${machines.length} machines to the catalog`,
    );
  }

  private async applyChange(change: MachineChangeEvent) {
    if (!this.connection || !change?.machines?.length) return;
    const entities = change.machines.map(m => ({
      entity: machineToEntity(m),
      locationKey: LOCATION_KEY,
    }));
    await this.connection.applyMutation(
      change.type === 'deleted'
        ? { type: 'delta', added: [], removed: entities }
        : { type: 'delta', added: entities, removed: [] },
    );
  }

  private async readAll(): Promise<Machine[]> {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl('machines');
    const machines: Machine[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'machines',
      });
      const response = await fetch(
        `${baseUrl}/machines?limit=${PAGE_SIZE}&offset=${offset}&orderBy=createdAt`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const page = (await response.json()) as MachineList;
      machines.push(...page.items);
      if (page.items.length < PAGE_SIZE || machines.length >= page.totalCount) {
        return machines;
      }
    }
  }
}
