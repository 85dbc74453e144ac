import {
  AuditorService,
  BackstageCredentials,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import { RouteGuard } from '@opssight/plugin-http-node';
import { JobEngine } from '@opssight/plugin-jobs-node';
import { MachinesService } from '@opssight/plugin-machines-node';
import { VaultService } from '@opssight/plugin-vault-node';
import type { spec } from '../schema/openapi.generated';

/** The plugin's router, typed by src/schema/openapi.yaml. */
export type AutomationRouter = ApiRouter<typeof spec>;

/**
 * What every part of the API (projects, inventories, templates, runs,
 * schedules) is built with. Each part adds its routes to `router` in its own
 * `<part>Routes.ts`, through `guard` (credentials → permission → parseInput →
 * act → audited).
 */
export interface AutomationServices {
  config: RootConfigService;
  database: DatabaseService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  discovery: DiscoveryService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  scheduler: SchedulerService;
  machines: MachinesService;
  vault: VaultService;
  /** The plugin's job engine: playbook runs and syntax checks. */
  engine: JobEngine;
}

export interface RouteContext extends AutomationServices {
  router: AutomationRouter;
  guard: RouteGuard;
  /**
   * Whether the user may change other users' things and cancel their runs
   * (Admins). Ask only when the thing is someone else's.
   */
  mayActOnOthers(credentials: BackstageCredentials): Promise<boolean>;
}
