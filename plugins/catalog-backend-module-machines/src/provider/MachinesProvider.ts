import {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  Machine,
  MachineChangeEvent,
  MACHINES_EVENTS_TOPIC,
} from '@opssight/plugin-machines-common';
import { MachinesService } from '@opssight/plugin-machines-node';
import { LOCATION_KEY, machineToEntity } from './machineEntity';

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
      /** The registry, read as this module itself for the full refresh. */
      machines: MachinesService;
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
    const { auth, machines } = this.options;
    return machines.list(
      {},
      { credentials: await auth.getOwnServiceCredentials() },
    );
  }
}
