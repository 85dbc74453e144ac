import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { automationPermissions } from '@opssight/plugin-automation-common';
import { pluginServices } from '@opssight/plugin-http-node';
import { JobEngine } from '@opssight/plugin-jobs-node';
import {
  MachinesService,
  machinesServiceRef,
} from '@opssight/plugin-machines-node';
import { RunDirectories } from '@opssight/plugin-runner-node';
import {
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
import { createRouter } from '../../service/router';
import { createTemplatesPart, TemplatesPart } from '../../templates';
import { createInventoriesPart, InventoriesPart } from '..';
import { InventoryCluster } from '../resolveInventory';

/** A vault credential as the fake vault describes it; `owner` makes it personal. */
export type FakeCredential = {
  id: string;
  name: string;
  kind: 'ssh-key' | 'password' | 'api-token';
  owner?: string;
  /** The vault refuses its use (403). */
  refused?: boolean;
};

/**
 * The vault as templates see it: what a credential is, as the caller sees it
 * (another user's personal credential is not there, as the vault answers).
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

export type AuditRecord = {
  eventId: string;
  outcome: string;
  meta: JsonObject;
};

/**
 * The automation plugin with its inventories and templates parts only, as
 * plugin.ts wires the parts, on an in-memory SQLite database.
 */
export async function startPartsBackend(options: {
  machines: MachinesService;
  vault?: VaultService;
  clusters?: InventoryCluster[];
  /** Project id → its playbooks (null: a git project). */
  projects?: Record<string, string[] | null>;
}) {
  const audit: AuditRecord[] = [];
  const parts: { inventories?: InventoriesPart; templates?: TemplatesPart } =
    {};
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
          const services = {
            ...deps,
            directories: RunDirectories.forPlugin(
              `automation-parts-test-${process.pid}`,
            ),
          };
          // The parts refer to each other: an inventory in use by a template is not deleted.
          const late: { templates?: TemplatesPart } = {};
          const inventories = await createInventoriesPart(services, {
            clusters: {
              async get(id) {
                const found = options.clusters?.find(c => c.id === id);
                if (!found) throw new NotFoundError('No such cluster');
                return found;
              },
            },
            templatesUsing: id => late.templates!.usingInventory(id),
          });
          const templates = await createTemplatesPart(services, {
            projects: {
              async playbooksOf(projectId) {
                const playbooks = options.projects?.[projectId];
                if (playbooks === undefined) {
                  throw new NotFoundError('No such project');
                }
                return playbooks;
              },
            },
            inventories,
          });
          late.templates = templates;
          Object.assign(parts, { inventories, templates });
          deps.httpRouter.use(
            await createRouter(
              // Neither part starts jobs.
              { ...deps, engine: {} as JobEngine },
              [inventories.routes, templates.routes],
            ),
          );
        },
      });
    },
  });
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => {
      const record = (outcome: string) =>
        void audit.push({ eventId, outcome, meta: (meta ?? {}) as JsonObject });
      record('initiated');
      return {
        success: async () => record('succeeded'),
        fail: async () => record('failed'),
      };
    },
  });
  const backend = await startTestBackend({
    features: [
      plugin,
      rolePermissions(TEST_ROLES),
      auditor.factory,
      createServiceFactory({
        service: machinesServiceRef,
        deps: {},
        factory: () => options.machines,
      }),
      createServiceFactory({
        service: vaultServiceRef,
        deps: {},
        factory: () => options.vault ?? fakeVault([]),
      }),
    ],
  });
  const as = (user: keyof typeof TEST_USERS) =>
    mockCredentials.user.header(TEST_USERS[user]);
  return {
    api: () => request(backend.server),
    as,
    audit,
    parts: parts as Required<typeof parts>,
    stop: () => backend.stop(),
  };
}
