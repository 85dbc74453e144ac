import {
  AuditorService,
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
  /** Runs a mutation inside an audit event that records its outcome. */
  audited<T>(
    req: AnyRequest,
    eventId: string,
    meta: JsonObject,
    action: () => Promise<T>,
  ): Promise<T>;
}

/** The one implementation of "identify → authorize → audit" that every OpsSight route uses. */
export function createRouteGuard(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): RouteGuard {
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

    async audited(req, eventId, meta, action) {
      const event = await auditor.createEvent({
        eventId,
        request: req,
        severityLevel: 'medium',
        meta,
      });
      try {
        const result = await action();
        await event.success();
        return result;
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  };
}
