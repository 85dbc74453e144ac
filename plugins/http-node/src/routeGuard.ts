import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

// Typed OpenAPI routers give each route its own Request type; the guard takes any of them.
type AnyRequest = Request<any, any, any, any, any>;

/** What an audited action may tell the audit trail while it runs. */
export interface AuditedEvent {
  /**
   * Adds to the event's metadata what the action learns as it goes (the row it
   * acts on, a count); recorded with the outcome, success or failure alike.
   */
  addMeta(fields: JsonObject): void;
}

export interface AuditedOptions {
  /** How much the action matters to the audit trail; `medium` unless said. */
  severity?: AuditorServiceEventSeverityLevel;
}

export interface RouteGuard {
  /**
   * Who is asking and whether they may: the caller's credentials (user, service or
   * the static API token; 401 without), then the permission (403 when denied, and
   * the denial is written to the audit trail).
   */
  authorize(
    req: AnyRequest,
    permission: BasicPermission,
  ): Promise<{ credentials: BackstageCredentials; actor: string }>;
  /**
   * Runs an action inside an audit event that records its outcome: `meta` is
   * known up front, the action adds the rest through `event.addMeta`. A
   * refusal thrown inside the action (`NotAllowedError`) is recorded as denied.
   */
  audited<T>(
    req: AnyRequest,
    eventId: string,
    meta: JsonObject,
    action: (event: AuditedEvent) => Promise<T>,
    options?: AuditedOptions,
  ): Promise<T>;
}

/** The services a {@link RouteGuard} identifies, authorizes and audits with. */
export interface RouteGuardOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/** The one implementation of "identify → authorize → audit" that every OpsSight route uses. */
export function createRouteGuard(options: RouteGuardOptions): RouteGuard {
  const { httpAuth, permissions, auditor } = options;

  return {
    async authorize(req, permission) {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize([{ permission }], {
        credentials,
      });
      if (decision.result !== AuthorizeResult.ALLOW) {
        const error = new NotAllowedError(
          `Your role does not allow '${permission.name}'`,
        );
        const event = await auditor.createEvent({
          eventId: 'permission-denied',
          request: req,
          severityLevel: 'medium',
          meta: { permission: permission.name },
        });
        await event.fail({ error });
        throw error;
      }
      const principal = credentials.principal as {
        userEntityRef?: string;
        subject?: string;
      };
      return {
        credentials,
        actor: principal.userEntityRef ?? principal.subject ?? 'unknown',
      };
    },

    async audited(req, eventId, meta, action, auditedOptions) {
      const event = await auditor.createEvent({
        eventId,
        request: req,
        severityLevel: auditedOptions?.severity ?? 'medium',
        meta: { ...meta },
      });
      // The outcome carries the whole metadata once the action added to it, so
      // an auditor that logs each entry on its own still shows what was acted on.
      let learned: JsonObject | undefined;
      const outcomeMeta = () => (learned ? { meta: learned } : {});
      try {
        const result = await action({
          addMeta(fields) {
            learned = { ...(learned ?? meta), ...fields };
          },
        });
        await event.success(outcomeMeta());
        return result;
      } catch (error) {
        await event.fail({ error: error as Error, ...outcomeMeta() });
        throw error;
      }
    },
  };
}
