import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/** The NOTIFY channel of one plugin's engine: a plain lower-case identifier. */
export function channelFor(pluginId: string): string {
  const safe = pluginId.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `opssight_jobs_${safe}`.slice(0, 63);
}

type PgClient = {
  query(sql: string): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
};

/**
 * LISTEN on a dedicated PostgreSQL connection (outside knex's pool, so it
 * never holds a pooled one), reconnecting with backoff when it drops. After a
 * reconnect `onMessage(undefined)` is called: notifications may have been
 * missed meanwhile.
 */
export class PgListener {
  private connection?: PgClient;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private backoffMs = RECONNECT_MIN_MS;

  constructor(
    private readonly db: Knex,
    private readonly channel: string,
    private readonly onMessage: (payload: string | undefined) => void,
    private readonly logger: LoggerService,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  private async connect(): Promise<void> {
    let connection: PgClient | undefined;
    try {
      connection = (await this.db.client.acquireRawConnection()) as PgClient;
      if (this.stopped) {
        await this.db.client.destroyRawConnection(connection);
        return;
      }
      const dropped = (error?: Error) => {
        if (this.connection !== connection) {
          return;
        }
        this.connection = undefined;
        connection!.removeAllListeners('notification');
        this.db.client.destroyRawConnection(connection).catch(() => {});
        if (!this.stopped) {
          this.logger.warn(
            `Job wake-ups: LISTEN connection lost (${
              error?.message ?? 'ended'
            }); reconnecting`,
          );
          this.scheduleReconnect();
        }
      };
      connection.on('error', dropped);
      connection.on('end', dropped);
      connection.on(
        'notification',
        (message: { channel: string; payload?: string }) => {
          if (message.channel === this.channel) {
            this.onMessage(message.payload ?? '');
          }
        },
      );
      await connection.query(`LISTEN "${this.channel}"`);
      this.connection = connection;
      this.backoffMs = RECONNECT_MIN_MS;
    } catch (error) {
      if (connection) {
        await this.db.client.destroyRawConnection(connection).catch(() => {});
      }
      if (this.stopped) {
        return;
      }
      this.logger.warn(
        `Job wake-ups: could not LISTEN (${
          (error as Error).message
        }); retrying, meanwhile jobs are found by polling`,
      );
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) {
      return;
    }
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = undefined;
      await this.connect();
      if (this.connection) {
        this.onMessage(undefined);
      }
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      connection.removeAllListeners('notification');
      await connection.query('UNLISTEN *').catch(() => {});
      await this.db.client.destroyRawConnection(connection).catch(() => {});
    }
  }
}
