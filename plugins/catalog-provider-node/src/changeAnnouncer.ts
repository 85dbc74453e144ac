import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';

/** Publishes a change of a plugin's rows on its events topic. */
export type AnnounceChange<E> = (event: E) => Promise<void>;

/**
 * The owning plugin's side of an {@link EventedEntityProvider}: announces each
 * change (`{ type: 'upserted' | 'deleted', <changeField>: [...] }`) on the
 * plugin's events topic, for the provider's delta. A change that names
 * nothing is not sent; one that cannot be sent is logged, not thrown, since
 * the catalog also refreshes on a schedule and a lost event only delays it.
 */
export function createChangeAnnouncer<E extends { type: string }>(
  services: { events: EventsService; logger: LoggerService },
  topic: string,
  changeField: Exclude<keyof E, 'type'> & string,
): AnnounceChange<E> {
  const { events, logger } = services;
  return async event => {
    if (!(event[changeField] as unknown[]).length) return;
    try {
      await events.publish({ topic, eventPayload: event });
    } catch (error) {
      logger.warn(`Could not publish a change of ${changeField}: ${error}`);
    }
  };
}
