import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
  RootConfigService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { AuditStore } from '../database/AuditStore';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';

/**
 * The audit trail's store, one per backend process. Root scoped, so that the
 * auditor of every plugin and the audit plugin's own routes share one database
 * client: on SQLite that keeps a single writer, and an in-memory database is
 * the same one for all of them.
 *
 * @public
 */
export const auditStoreServiceRef = createServiceRef<AuditStore>({
  id: 'opssight.audit.store',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        rootLogger: coreServices.rootLogger,
        rootLifecycle: coreServices.rootLifecycle,
      },
      async factory({ config, rootLogger, rootLifecycle }) {
        const database = auditDatabase(config, rootLogger, rootLifecycle);
        return DatabaseAuditStore.create({ database });
      },
    }),
});

/**
 * The database of plugin id `audit`, configured like any plugin's
 * (`backend.database`, with overrides under `backend.database.plugin.audit`).
 */
function auditDatabase(
  config: RootConfigService,
  rootLogger: typeof coreServices.rootLogger.T,
  rootLifecycle: RootLifecycleService,
): DatabaseService {
  if (!config.getOptional('backend.database')) {
    // As Backstage's database service does without config: in memory, for tests and demos.
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    rootLifecycle.addShutdownHook(() => knex.destroy());
    return { getClient: async () => knex };
  }
  const database = DatabaseManager.fromConfig(config, {
    rootLogger,
    rootLifecycle,
  }).forPlugin('audit', {
    logger: rootLogger.child({ plugin: 'audit' }),
    lifecycle: rootLifecycle,
  });
  // DatabaseManager's own shutdown (backend-defaults 0.18) calls includes() on the
  // knex config object, throws, and leaves server connections open.
  rootLifecycle.addShutdownHook(async () => {
    const knex = await database.getClient();
    if (!String(knex.client.config.client).includes('sqlite')) {
      await knex.destroy();
    }
  });
  return database;
}
