import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  AuthService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  AUDIT_SEVERITIES,
  AuditOutcome,
  AuditSeverity,
} from '@opssight/plugin-audit-common';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { AuditStore } from '../database/AuditStore';
import { urlWithoutSecrets, withoutSecrets } from './redact';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type TrailAuditorSettings = {
  /** Log level per severity, as `backend.auditor.severityLogLevelMappings`. */
  logLevels: Record<AuditSeverity, LogLevel>;
  /** Events below this severity are only logged; denials are always stored. */
  minimumSeverity: AuditSeverity;
};

type AnyRequest = Request<any, any, any, any, any>;

/** Who and where an event comes from: the same for its initiated entry and its outcome. */
type EventOrigin = {
  actor: string;
  /** Generated here, one per HTTP request. */
  requestId: string;
  /** The client's X-Request-Id, as sent (cut to 128 characters). */
  clientRequestId: string | null;
  clientAddress: string | null;
  /** Kept beside the event's meta in the details. */
  details: JsonObject;
};

// One id per HTTP request, shared by every event raised while serving it.
const requestIds = new WeakMap<object, string>();
/** The most of a client's X-Request-Id that is kept. */
const CLIENT_REQUEST_ID_MAX = 128;

/**
 * Backstage's auditor, with every event also written to the hash-chained
 * audit trail before `createEvent`, `success` or `fail` return. A failed write
 * rejects, so a route that audits before acting does not act.
 */
export class TrailAuditor implements AuditorService {
  constructor(
    private readonly deps: {
      pluginId: string;
      store: AuditStore;
      logger: LoggerService;
      auth: AuthService;
      httpAuth: HttpAuthService;
      settings: TrailAuditorSettings;
    },
  ) {
    this.auditLogger = deps.logger.child({ isAuditEvent: true });
  }

  /** Where the events themselves are logged, as Backstage's auditor does. */
  private readonly auditLogger: LoggerService;

  async createEvent(
    options: AuditorServiceCreateEventOptions,
  ): Promise<AuditorServiceEvent> {
    const severity = options.severityLevel ?? 'low';
    const origin = await this.originOf(options.request);
    const meta = withoutSecrets(options.meta ?? {});
    const target = targetOf(meta, options.request);

    // The outcome entry names the initiated one, so the trail can show one row per action.
    let initiatedSeq: number | null = null;
    const record = async (
      outcome: AuditOutcome,
      extra: { meta?: JsonObject; error?: Error } = {},
    ) => {
      const fullMeta = { ...meta, ...withoutSecrets(extra.meta ?? {}) };
      const details: JsonObject = {
        ...(Object.keys(fullMeta).length ? { meta: fullMeta } : {}),
        ...origin.details,
        ...(extra.error
          ? { error: { name: extra.error.name, message: extra.error.message } }
          : {}),
      };
      this.log(options.eventId, severity, outcome, origin, target, details);
      if (!this.persists(severity, outcome)) {
        return;
      }
      try {
        const entry = await this.deps.store.append({
          plugin: this.deps.pluginId,
          actor: origin.actor,
          action: options.eventId,
          target,
          outcome,
          severity,
          requestId: origin.requestId,
          clientRequestId: origin.clientRequestId,
          initiatedSeq: outcome === 'initiated' ? null : initiatedSeq,
          clientAddress: origin.clientAddress,
          details,
        });
        if (outcome === 'initiated') {
          initiatedSeq = entry.seq;
        }
      } catch (error) {
        this.deps.logger.error(
          `Could not write ${this.deps.pluginId}.${options.eventId} (${outcome}) to the audit trail`,
          error as Error,
        );
        throw new ServiceUnavailableError(
          outcome === 'initiated'
            ? 'The audit trail could not be written, so the action was not carried out'
            : 'The outcome of the action could not be written to the audit trail',
        );
      }
    };

    await record('initiated');
    return {
      success: async params => record('succeeded', { meta: params?.meta }),
      fail: async params =>
        record(params.error?.name === 'NotAllowedError' ? 'denied' : 'failed', {
          meta: params.meta,
          error: params.error,
        }),
    };
  }

  private persists(severity: AuditSeverity, outcome: AuditOutcome): boolean {
    return (
      outcome === 'denied' ||
      AUDIT_SEVERITIES.indexOf(severity) >=
        AUDIT_SEVERITIES.indexOf(this.deps.settings.minimumSeverity)
    );
  }

  private log(
    eventId: string,
    severity: AuditSeverity,
    outcome: AuditOutcome,
    origin: EventOrigin,
    target: string | null,
    details: JsonObject,
  ) {
    const level = this.deps.settings.logLevels[severity];
    this.auditLogger[level](`${this.deps.pluginId}.${eventId}`, {
      plugin: this.deps.pluginId,
      eventId,
      severityLevel: severity,
      status: outcome,
      actor: origin.actor,
      target,
      requestId: origin.requestId,
      ...(origin.clientRequestId
        ? { clientRequestId: origin.clientRequestId }
        : {}),
      clientAddress: origin.clientAddress,
      ...details,
    });
  }

  private async originOf(request?: AnyRequest): Promise<EventOrigin> {
    if (!request) {
      const own = await this.deps.auth.getOwnServiceCredentials();
      return {
        actor: own.principal.subject,
        requestId: randomUUID(),
        clientRequestId: null,
        clientAddress: null,
        details: {},
      };
    }
    const details: JsonObject = {
      request: {
        method: request.method,
        url: urlWithoutSecrets(request.originalUrl ?? request.url),
      },
    };
    const userAgent = request.get?.('user-agent');
    if (userAgent) {
      details.userAgent = userAgent;
    }
    let actor: string;
    try {
      const credentials = await this.deps.httpAuth.credentials(request, {
        allowLimitedAccess: true,
      });
      if (this.deps.auth.isPrincipal(credentials, 'user')) {
        actor = credentials.principal.userEntityRef;
        if (credentials.principal.actor) {
          details.via = credentials.principal.actor.subject;
        }
      } else if (this.deps.auth.isPrincipal(credentials, 'service')) {
        actor = credentials.principal.subject;
      } else {
        actor = 'anonymous';
      }
    } catch (error) {
      // A bad token is worth recording, not a reason to lose the event.
      actor = 'unauthenticated';
      details.credentialsError = (error as Error).name;
    }
    return {
      actor,
      requestId: requestIdOf(request),
      clientRequestId: clientRequestIdOf(request),
      clientAddress: clientAddressOf(request),
      details,
    };
  }
}

/**
 * The request's id, generated here: a client-chosen id could collide with, or
 * impersonate, another request's entries.
 */
function requestIdOf(request: AnyRequest): string {
  let id = requestIds.get(request);
  if (!id) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** The X-Request-Id the client sent, kept apart from the request id and cut to size. */
function clientRequestIdOf(request: AnyRequest): string | null {
  const header = request.headers?.['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !value.trim()) {
    return null;
  }
  const trimmed = value.trim();
  return trimmed.length > CLIENT_REQUEST_ID_MAX
    ? trimmed.slice(0, CLIENT_REQUEST_ID_MAX)
    : trimmed;
}

function clientAddressOf(request: AnyRequest): string | null {
  const ip = request.ip ?? request.socket?.remoteAddress;
  if (!ip) {
    return null;
  }
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** The meta field naming what was acted on, else the request path. */
function targetOf(meta: JsonObject, request?: AnyRequest): string | null {
  for (const key of ['target', 'entityRef', 'id', 'name']) {
    const value = meta[key];
    if (typeof value === 'string' || typeof value === 'number') {
      return String(value);
    }
  }
  if (request) {
    return urlWithoutSecrets(request.originalUrl ?? request.url).split('?')[0];
  }
  return null;
}
