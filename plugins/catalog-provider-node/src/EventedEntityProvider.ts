import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';

/** The services every evented provider runs on. */
export type EventedEntityProviderServices = {
  logger: LoggerService;
  events: EventsService;
  /** When the full refresh runs (see `refreshTaskRunner`). */
  taskRunner: SchedulerServiceTaskRunner;
};

/** What a provider publishes and where its owning plugin announces changes. */
export type EventedEntityProviderSpec = {
  /** The provider's name in the catalog (`opssight-clusters`). */
  name: string;
  /** The location key of every entity it publishes. */
  locationKey: string;
  /** The events topic the owning plugin announces its changes on. */
  topic: string;
  /**
   * The field of a change event that lists what changed: the plugins announce
   * `{ type: 'upserted' | 'deleted', <field>: [...] }`.
   */
  changeField: string;
  /** What the log line calls the items, plural (`clusters`). */
  itemsName: string;
};

/**
 * A catalog entity provider publishing the rows an OpsSight plugin owns: a
 * full refresh on start and on a schedule, and in between a delta mutation
 * within a moment of each change the owning plugin announces on its events
 * topic. The schedule keeps the catalog right if an event was missed.
 *
 * A subclass says how to read every item and how an item becomes an entity.
 */
export abstract class EventedEntityProvider<TItem> implements EntityProvider {
  private connection?: EntityProviderConnection;

  protected constructor(
    private readonly spec: EventedEntityProviderSpec,
    protected readonly services: EventedEntityProviderServices,
  ) {}

  /** Every item there is, read from the owning plugin. */
  protected abstract readAll(): Promise<TItem[]>;

  /** The entity an item is published as. */
  protected abstract toEntity(item: TItem): Entity;

  /** Entities a full refresh publishes besides the items' own (fixed ones). */
  protected fixedEntities(): Entity[] {
    return [];
  }

  getProviderName(): string {
    return this.spec.name;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.services.events.subscribe({
      id: `catalog-${this.spec.name}`,
      topics: [this.spec.topic],
      onEvent: async ({ eventPayload }) => {
        await this.applyChange(eventPayload);
      },
    });
    await this.services.taskRunner.run({
      id: `${this.spec.name}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Replaces the provider's entities with every item there is. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.constructor.name} is not connected`);
    }
    const items = await this.readAll();
    const entities = [
      ...this.fixedEntities(),
      ...items.map(i => this.toEntity(i)),
    ];
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => this.located(entity)),
    });
    this.services.logger.info(
      `Published ${items.length} ${this.spec.itemsName} to the catalog`,
    );
  }

  private async applyChange(payload: unknown): Promise<void> {
    const change = payload as
      | { type?: string; [field: string]: unknown }
      | undefined;
    const items = change?.[this.spec.changeField];
    if (!this.connection || !Array.isArray(items) || items.length === 0) {
      return;
    }
    const entities = (items as TItem[]).map(i =>
      this.located(this.toEntity(i)),
    );
    await this.connection.applyMutation(
      change!.type === 'deleted'
        ? { type: 'delta', added: [], removed: entities }
        : { type: 'delta', added: entities, removed: [] },
    );
  }

  private located(entity: Entity) {
    return { entity, locationKey: this.spec.locationKey };
  }
}
