import {
  AuthService,
  coreServices,
  BackendPluginRegistrationPoints,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
  RootLoggerService,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
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
 * A logger that writes every entry into `lines`, one JSON line each (errors
 * as their name and message, and stack unless `stacks: false`), to assert on
 * what was, or was not, logged.
 *
 * @public
 */
export function jsonLinesLogger(
  lines: string[],
  options: { stacks?: boolean } = {},
): RootLoggerService {
  const serialize = (value: unknown) =>
    JSON.stringify(value, (_key, v) =>
      v instanceof Error
        ? {
            name: v.name,
            message: v.message,
            ...(options.stacks !== false && { stack: v.stack }),
          }
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
  return logger({});
}

/**
 * Everything a test backend logs, audit events included, one JSON line per
 * entry, to assert on (or to check that a secret appears nowhere).
 *
 * @public
 */
export function captureLogs(
  lines: string[] = [],
  options: { stacks?: boolean } = {},
) {
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => jsonLinesLogger(lines, options),
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

/**
 * An audit event as {@link recordAudit} keeps it: one record when the event
 * starts (`initiated`, with the metadata known up front) and one with its
 * outcome (with the metadata the action added, and a failure's message).
 *
 * @public
 */
export type AuditRecord = {
  eventId: string;
  outcome: 'initiated' | 'succeeded' | 'failed';
  meta: Record<string, unknown>;
  /** A failure's message. */
  error?: string;
};

/**
 * An auditor for a test backend that keeps every event it is asked to
 * record in `records` (a new array unless given), to assert on what was
 * audited, with which metadata and outcome.
 *
 * @public
 */
export function recordAudit(records: AuditRecord[] = []) {
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta = {} }) => {
      const record = (
        outcome: AuditRecord['outcome'],
        more?: { meta?: object; error?: Error },
      ) =>
        void records.push({
          eventId,
          outcome,
          meta: { ...meta, ...more?.meta },
          ...(more?.error && { error: more.error.message }),
        });
      record('initiated');
      return {
        success: async options => record('succeeded', options),
        fail: async options => record('failed', options),
      };
    },
  });
  return { records, factory: auditor.factory };
}

/**
 * A module of the plugin `pluginId` that pushes every payload published on
 * `topic` into `into`, to assert on what a plugin announced.
 *
 * @public
 */
export function recordEvents<T>(pluginId: string, topic: string, into: T[]) {
  return createBackendModule({
    pluginId,
    moduleId: 'event-recorder',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'recorder',
            topics: [topic],
            onEvent: async ({ eventPayload }) => {
              into.push(eventPayload as T);
            },
          });
        },
      });
    },
  });
}

function probe<T>(
  service: ServiceRef<T, 'plugin' | 'root'>,
  take: (instance: T) => void,
) {
  return (env: Pick<BackendPluginRegistrationPoints, 'registerInit'>) =>
    env.registerInit({
      deps: { instance: service },
      async init({ instance }) {
        // A singleton ref: one instance, not the list of a multiton.
        take(instance as T);
      },
    });
}

/**
 * A module of the plugin `pluginId` that hands the test the instance of
 * `service` that plugin gets (its database, its events service, …).
 *
 * @public
 */
export function serviceProbe<T>(
  pluginId: string,
  service: ServiceRef<T, 'plugin' | 'root'>,
  take: (instance: T) => void,
) {
  return createBackendModule({
    pluginId,
    moduleId: `probe-${service.id.replace(/[^a-zA-Z0-9]+/g, '-')}`,
    register: probe(service, take),
  });
}

/**
 * A plugin `pluginId` of its own that hands the test the instance of
 * `service` it gets, as any plugin depending on it would.
 *
 * @public
 */
export function pluginProbe<T>(
  pluginId: string,
  service: ServiceRef<T, 'plugin' | 'root'>,
  take: (instance: T) => void,
) {
  return createBackendPlugin({ pluginId, register: probe(service, take) });
}

/**
 * Expects an HTTP error answer: its status and the message of its JSON error
 * body (Backstage's `{ error: { message } }`).
 *
 * @public
 */
export function expectErrorAnswer(
  response: { status: number; body: any },
  status: number,
  message: unknown,
) {
  expect([response.status, response.body?.error?.message]).toEqual([
    status,
    message,
  ]);
}
