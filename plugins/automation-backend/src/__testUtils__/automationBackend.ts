import {
  BackendFeature,
  createBackendPlugin,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { automationPermissions } from '@opssight/plugin-automation-common';
import { pluginServices } from '@opssight/plugin-http-node';
import {
  createJobEngine,
  CreateJobEngineOptions,
  JobEngine,
} from '@opssight/plugin-jobs-node';
import {
  MachinesService,
  machinesServiceRef,
} from '@opssight/plugin-machines-node';
import { InMemoryMachinesService } from '@opssight/plugin-machines-node/testing';
import { RunDirectories } from '@opssight/plugin-runner-node';
import {
  AuditRecord,
  recordAudit,
  rolePermissions,
  TEST_ROLES,
  TEST_USERS,
} from '@opssight/plugin-testing-node';
import {
  VaultRequestError,
  VaultService,
  vaultServiceRef,
} from '@opssight/plugin-vault-node';
import request from 'supertest';
import { Part, PartServices } from '../service/parts';
import { createRouter } from '../service/router';

/** A vault credential as {@link fakeVault} describes it; `owner` makes it personal. */
export type FakeCredential = {
  id: string;
  name: string;
  kind: 'ssh-key' | 'password' | 'api-token';
  owner?: string;
  /** The vault refuses its use (403). */
  refused?: boolean;
};

/**
 * The vault as the parts check a credential a form names: what it is, as
 * the caller sees it (another user's personal credential is not there, as
 * the vault answers).
 */
export function fakeVault(credentials: FakeCredential[]): VaultService {
  return {
    async describeCredential({ credentialId, credentials: caller }) {
      const credential = credentials.find(c => c.id === credentialId);
      if (credential?.refused) throw new VaultRequestError(403, 'refused');
      const user = (caller.principal as { userEntityRef?: string })
        .userEntityRef;
      if (!credential || (credential.owner && credential.owner !== user)) {
        return undefined;
      }
      return {
        id: credential.id,
        name: credential.name,
        kind: credential.kind,
        scope: credential.owner ? 'personal' : 'shared',
      };
    },
  } as Partial<VaultService> as VaultService;
}

/** The automation plugin in a test backend, and what it did. */
export interface AutomationTestBackend {
  server: Parameters<typeof request>[0];
  /** A request to the test backend (paths start with /api/automation). */
  api(): ReturnType<typeof request>;
  /** The Authorization header of a test user (roles as TEST_ROLES). */
  as(user: keyof typeof TEST_USERS): string;
  /** Every audit event, as it started and as it ended. */
  audit: AuditRecord[];
  /** The plugin's database. */
  database: DatabaseService;
  /** The job engine, when the parts run jobs (`engine` given). */
  engine?: JobEngine;
  stop(): Promise<void>;
}

/**
 * Starts the automation plugin with the parts a test makes, wired as
 * plugin.ts wires them (permissions registered, one router, the parts'
 * routes in order), on an in-memory SQLite database, users' roles as
 * TEST_ROLES and every audit event recorded.
 */
export async function startAutomationBackend(options: {
  /** The parts under test, made from the plugin's services. */
  parts(services: PartServices): Promise<Part[]>;
  /**
   * A job engine with the parts' handlers, started before the routes are
   * mounted, and the parts' `started` called once it runs. Without it, the
   * parts get no engine: they must start no jobs.
   */
  engine?: Omit<
    CreateJobEngineOptions,
    'pluginId' | 'database' | 'logger' | 'handlers'
  >;
  /** The machine registry; an empty one unless given. */
  machines?: MachinesService;
  /** The vault; one without credentials unless given. */
  vault?: Partial<VaultService>;
  /** The backend's configuration (`automation`, `vault`, …). */
  config?: JsonObject;
  /** Where the runs' private directories go. */
  directories?: RunDirectories;
  /** More features of the test backend (e.g. captureLogs().factory). */
  features?: BackendFeature[];
}): Promise<AutomationTestBackend> {
  const { records: audit, factory: auditor } = recordAudit();
  const started: { database?: DatabaseService; engine?: JobEngine } = {};
  const plugin = createBackendPlugin({
    pluginId: 'automation',
    register(env) {
      env.registerInit({
        deps: {
          ...pluginServices,
          machines: machinesServiceRef,
          vault: vaultServiceRef,
        },
        async init(deps) {
          deps.permissionsRegistry.addPermissions(automationPermissions);
          started.database = deps.database;
          const parts = await options.parts({
            ...deps,
            directories:
              options.directories ??
              RunDirectories.forPlugin(`automation-test-${process.pid}`),
          });
          let engine = {} as JobEngine;
          if (options.engine) {
            engine = await createJobEngine({
              ...options.engine,
              pluginId: 'automation',
              database: deps.database,
              logger: deps.logger,
              handlers: parts.flatMap(p => p.handlers ?? []),
            });
            await engine.start();
            deps.lifecycle.addShutdownHook(() => engine.stop());
            started.engine = engine;
          }
          deps.httpRouter.use(
            await createRouter(
              { ...deps, engine },
              parts.map(p => p.routes),
            ),
          );
          if (options.engine) {
            for (const part of parts) await part.started?.({ ...deps, engine });
          }
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      plugin,
      rolePermissions(TEST_ROLES),
      auditor,
      createServiceFactory({
        service: machinesServiceRef,
        deps: {},
        factory: () =>
          options.machines ?? new InMemoryMachinesService({ machines: [] }),
      }),
      createServiceFactory({
        service: vaultServiceRef,
        deps: {},
        factory: () => (options.vault ?? fakeVault([])) as VaultService,
      }),
      ...(options.config
        ? [mockServices.rootConfig.factory({ data: options.config })]
        : []),
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server,
    api: () => request(backend.server),
    as: user => mockCredentials.user.header(TEST_USERS[user]),
    audit,
    database: started.database!,
    engine: started.engine,
    stop: () => backend.stop(),
  };
}
