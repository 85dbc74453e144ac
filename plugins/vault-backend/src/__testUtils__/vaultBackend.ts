import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthService,
  BackendFeature,
  coreServices,
  createServiceFactory,
  PermissionsService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { vaultPermissions } from '@opssight/plugin-vault-common';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Knex } from 'knex';
import { vaultPlugin } from '../plugin';

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

/**
 * Mock auth whose plugin tokens on behalf of a user authenticate, as real
 * Backstage ones do, to the user with the calling plugin as `actor`.
 */
export const onBehalfOfAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      isPrincipal: auth.isPrincipal.bind(auth) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});

/** The Authorization header of a backend plugin calling the vault on a user's behalf. */
export function onBehalfOf(user: string, pluginId = 'terminal'): string {
  return `Bearer ${mockCredentials.user.token(user, {
    actor: { subject: `plugin:${pluginId}` },
  })}`;
}

export const asUser = (user: string) => mockCredentials.user.header(user);

/** Everything the backend logs, audit events included, one JSON line per entry. */
export function captureLogs() {
  const lines: string[] = [];
  const serialize = (value: unknown) =>
    JSON.stringify(value, (_key, v) =>
      v instanceof Error
        ? { name: v.name, message: v.message, stack: v.stack }
        : v,
    );
  const logger = (fields: object): RootLoggerService => {
    const write = (level: string) => (message: string, meta?: unknown) => {
      lines.push(serialize({ level, message, fields, meta }) ?? '');
    };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: meta => logger({ ...fields, ...meta }),
    };
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => logger({}),
    }),
  };
}

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
}) {
  return startTestBackend({
    features: [
      vaultPlugin,
      rolePermissions,
      onBehalfOfAuth,
      mockServices.rootConfig.factory({
        data: { vault: { keys: options.keys } },
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

const execFileAsync = promisify(execFile);

/** A real key pair from ssh-keygen, with what `ssh-keygen -lf` says of it. */
export async function sshKeygen(
  dir: string,
  name: string,
  args: string[],
): Promise<{ privateKey: string; publicKey: string; fingerprint: string }> {
  const file = join(dir, name);
  await execFileAsync('ssh-keygen', ['-q', '-C', '', ...args, '-f', file]);
  const { stdout } = await execFileAsync('ssh-keygen', ['-lf', `${file}.pub`]);
  return {
    privateKey: await readFile(file, 'utf8'),
    publicKey: (await readFile(`${file}.pub`, 'utf8')).trim(),
    fingerprint: stdout.split(' ')[1],
  };
}

export type AuditEntry = {
  eventId: string;
  status: string;
  actorId?: string;
  meta?: Record<string, unknown>;
};

/** The audit events among captured log lines: the auditor logs a failure's event as fields. */
export function auditEvents(
  logs: ReturnType<typeof captureLogs>,
): AuditEntry[] {
  return logs.lines
    .map(line => JSON.parse(line))
    .filter(entry => entry.fields?.isAuditEvent)
    .map(entry => {
      const event = entry.fields.eventId ? entry.fields : entry.meta;
      return {
        eventId: event.eventId,
        status: event.status,
        actorId: event.actor?.actorId,
        meta: event.meta,
      };
    });
}
