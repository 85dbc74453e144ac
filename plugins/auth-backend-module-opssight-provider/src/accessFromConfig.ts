import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  LifecycleService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { AccessService } from '@opssight/plugin-access-backend';

/**
 * The access plugin's accounts and sessions, opened from outside that plugin
 * (the auth module, the root session guard): the same database the access
 * plugin uses, which that plugin alone migrates.
 */
export function accessFromConfig(options: {
  config: RootConfigService;
  logger: LoggerService;
  lifecycle: LifecycleService;
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
  });
}
