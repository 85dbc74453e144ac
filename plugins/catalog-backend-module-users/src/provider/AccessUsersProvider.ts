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
import type { EventsService } from '@backstage/plugin-events-node';
import {
  ACCESS_EVENTS_TOPIC,
  LocalUserChangeEvent,
  LocalUserList,
} from '@opssight/plugin-access-common';
import { LOCATION_KEY, roleGroupEntities, userToEntity } from './userEntities';

/**
 * Publishes every local account as a catalog User and the three role Groups.
 * Changes arrive as events from the access backend and are applied as delta
 * mutations within a moment; a scheduled full read keeps the catalog right if
 * an event was missed.
 */
export class AccessUsersProvider implements EntityProvider {
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
    return 'opssight-access-users';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.options.events.subscribe({
      id: 'catalog-opssight-access-users',
      topics: [ACCESS_EVENTS_TOPIC],
      onEvent: async ({ eventPayload }) => {
        await this.applyChange(eventPayload as LocalUserChangeEvent);
      },
    });
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Replaces the provider's entities with every account and the role groups. */
  async refresh() {
    if (!this.connection) {
      throw new Error('AccessUsersProvider is not connected');
    }
    const users = await this.readAll();
    await this.connection.applyMutation({
      type: 'full',
      entities: [...roleGroupEntities(), ...users.map(userToEntity)].map(
        entity => ({ entity, locationKey: LOCATION_KEY }),
      ),
    });
    this.options.logger.info(
      `Published ${users.length} local users to the catalog`,
    );
  }

  private async applyChange(change: LocalUserChangeEvent) {
    if (!this.connection || !change?.users?.length) {
      return;
    }
    const entities = change.users.map(user => ({
      entity: userToEntity(user),
      locationKey: LOCATION_KEY,
    }));
    await this.connection.applyMutation(
      change.type === 'deleted'
        ? { type: 'delta', added: [], removed: entities }
        : { type: 'delta', added: entities, removed: [] },
    );
  }

  private async readAll() {
    const { auth, discovery } = this.options;
    const baseUrl = await discovery.getBaseUrl('access');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'access',
    });
    const response = await fetch(`${baseUrl}/users`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return ((await response.json()) as LocalUserList).items;
  }
}
