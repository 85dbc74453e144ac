import {
  AuthService,
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * Mock auth whose plugin tokens on behalf of a user authenticate, as real
 * Backstage ones do, to the user with the calling plugin as `actor`. The
 * vault's checkout needs that actor: add this to a test backend in which a
 * plugin gets secrets through `vaultServiceRef`.
 *
 * @public
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

/**
 * Everything a test backend logs, audit events included, one JSON line per
 * entry, to assert on (or to check that a secret appears nowhere).
 *
 * @public
 */
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

/**
 * An audit event as {@link auditEvents} finds it in captured logs.
 *
 * @public
 */
export type AuditEntry = {
  eventId: string;
  status: string;
  actorId?: string;
  meta?: Record<string, unknown>;
};

/**
 * The audit events among captured log lines: the auditor logs a failure's event as fields.
 *
 * @public
 */
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
