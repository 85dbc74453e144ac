import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  auditEvents,
  captureLogs,
  onBehalfOfAuth,
  sshKeygen,
} from '@opssight/plugin-testing-node';
import { vaultPermissions } from '@opssight/plugin-vault-common';
import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { vaultPlugin } from '../plugin';

export { auditEvents, captureLogs, onBehalfOfAuth, sshKeygen };
export type { AuditEntry } from '@opssight/plugin-testing-node';

/** Users and what the role policy grants them. */
export const ALICE = 'user:default/alice'; // operator
export const BOB = 'user:default/bob'; // operator
export const VIC = 'user:default/vic'; // viewer
export const ADA = 'user:default/ada'; // admin
export const NOBODY = 'user:default/nobody'; // no role

const ALL = vaultPermissions.map(p => p.name);
const GRANTS: Record<string, string[]> = {
  [ALICE]: ALL.filter(n => n !== 'opssight.vault.shared.manage'),
  [BOB]: ALL.filter(n => n !== 'opssight.vault.shared.manage'),
  [VIC]: ['opssight.vault.credential.read'],
  [ADA]: ALL,
  // Backstage lets unrestricted service principals through the policy.
  'external:test-service': ALL,
  'plugin:clusters': ALL,
  'plugin:consumer': ALL,
};

/** A permissions service that allows what GRANTS lists for the caller, by permission name. */
export const rolePermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    async authorize(requests, { credentials }) {
      const principal = credentials.principal as {
        userEntityRef?: string;
        subject?: string;
      };
      const granted =
        GRANTS[principal.userEntityRef ?? principal.subject ?? ''];
      return requests.map(request => ({
        result: granted?.includes(request.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests) {
      return requests.map(() => ({ result: AuthorizeResult.DENY }));
    },
  }),
});

/** The Authorization header of a backend plugin calling the vault on a user's behalf. */
export function onBehalfOf(user: string, pluginId = 'terminal'): string {
  return `Bearer ${mockCredentials.user.token(user, {
    actor: { subject: `plugin:${pluginId}` },
  })}`;
}

export const asUser = (user: string) => mockCredentials.user.header(user);

export type TestKey = { id: string; secret: string };

export function newKey(id: string): TestKey {
  return { id, secret: randomBytes(32).toString('base64') };
}

export function cipherKeys(keys: TestKey[]) {
  return keys.map(k => ({ id: k.id, secret: Buffer.from(k.secret, 'base64') }));
}

/** The vault plugin in a test backend, on the given database (kept across restarts). */
export async function startVault(options: {
  keys: TestKey[];
  knex?: Knex;
  logs?: ReturnType<typeof captureLogs>;
  features?: BackendFeature[];
  /** More of the vault's configuration, e.g. `destinations`. */
  config?: { vault?: object };
}) {
  return startTestBackend({
    features: [
      vaultPlugin,
      rolePermissions,
      onBehalfOfAuth,
      mockServices.rootConfig.factory({
        data: { vault: { keys: options.keys, ...options.config?.vault } },
      }),
      ...(options.knex
        ? [
            mockServices.database.factory({
              knex: options.knex,
              migrations: { skip: false },
            }),
          ]
        : []),
      ...(options.logs ? [options.logs.factory] : []),
      ...(options.features ?? []),
    ],
  });
}
