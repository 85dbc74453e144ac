import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  LifecycleService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { AccessService } from '@opssight/plugin-access-backend';
import { AccessSessionsService } from '@opssight/plugin-access-node';

/**
 * The access plugin's accounts and sessions, opened from outside that plugin
 * (the auth module, the root session guard): the same database the access
 * plugin uses, which that plugin alone migrates.
 */
export function accessFromConfig(options: {
  config: RootConfigService;
  logger: LoggerService;
  lifecycle: LifecycleService;
  /** Told of the sessions this opening ends (sign-outs). */
  sessions?: AccessSessionsService;
}): Promise<AccessService> {
  const database = DatabaseManager.fromConfig(options.config).forPlugin(
    'access',
    { logger: options.logger, lifecycle: options.lifecycle },
  );
  return AccessService.create({
    database,
    config: options.config,
    logger: options.logger,
    skipMigrations: true,
    onSessionsEnded: options.sessions
      ? event => options.sessions!.announceSessionsEnded(event)
      : undefined,
  });
}
