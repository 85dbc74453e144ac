import {
  coreServices,
  createServiceFactory,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { AUDIT_SEVERITIES } from '@opssight/plugin-audit-common';
import { z } from 'zod';
import { auditStoreServiceRef } from './auditStoreServiceRef';
import { TrailAuditor, TrailAuditorSettings } from './TrailAuditor';

const logLevel = z.enum(['debug', 'info', 'warn', 'error']);

// Backstage's own defaults for backend.auditor.severityLogLevelMappings.
const settingsSchema = z.object({
  logLevels: z.object({
    low: logLevel.default('debug'),
    medium: logLevel.default('info'),
    high: logLevel.default('info'),
    critical: logLevel.default('info'),
  }),
  minimumSeverity: z.enum(AUDIT_SEVERITIES).default('medium'),
});

function readSettings(config: RootConfigService): TrailAuditorSettings {
  const mappings = config.getOptionalConfig(
    'backend.auditor.severityLogLevelMappings',
  );
  const input = {
    logLevels: Object.fromEntries(
      AUDIT_SEVERITIES.map(s => [s, mappings?.getOptionalString(s)]),
    ),
    minimumSeverity: config.getOptionalString('audit.minimumSeverity'),
  };
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key =
      issue.path[0] === 'logLevels'
        ? `backend.auditor.severityLogLevelMappings.${String(issue.path[1])}`
        : 'audit.minimumSeverity';
    throw new Error(`Invalid config ${key}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Replaces Backstage's default auditor: every plugin's audit events, core
 * plugins' included, are logged as before and also appended to OpsSight's
 * hash-chained audit trail (the database of plugin id `audit`). Writing the
 * `initiated` entry happens inside `createEvent`, so when the trail cannot be
 * written the caller gets a 503 before it acts.
 *
 * @public
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    store: auditStoreServiceRef,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
  },
  createRootContext({ config, store }) {
    return { settings: readSettings(config), store };
  },
  factory({ logger, auth, httpAuth, plugin }, { settings, store }) {
    return new TrailAuditor({
      pluginId: plugin.getId(),
      store,
      logger,
      auth,
      httpAuth,
      settings,
    });
  },
});
