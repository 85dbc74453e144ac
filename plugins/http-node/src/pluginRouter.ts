import {
  ApiRouter,
  createValidatedOpenApiRouter,
} from '@backstage/backend-openapi-utils';
import { coreServices } from '@backstage/backend-plugin-api';
import { RequestHandler } from 'express';
import { jsonBody } from './http';
import { createRouteGuard, RouteGuard, RouteGuardOptions } from './routeGuard';

type OpenApiSpec = Parameters<typeof createValidatedOpenApiRouter>[0];

/**
 * The core services OpsSight backend plugins are made of, for a plugin's
 * `deps` (`{ ...pluginServices, ...its own }`); its `init` hands them on to
 * `createRouter` as they are.
 */
export const pluginServices = {
  config: coreServices.rootConfig,
  database: coreServices.database,
  httpAuth: coreServices.httpAuth,
  auth: coreServices.auth,
  discovery: coreServices.discovery,
  permissions: coreServices.permissions,
  permissionsRegistry: coreServices.permissionsRegistry,
  httpRouter: coreServices.httpRouter,
  auditor: coreServices.auditor,
  logger: coreServices.logger,
  scheduler: coreServices.scheduler,
  lifecycle: coreServices.lifecycle,
};

export interface PluginRouterOptions extends RouteGuardOptions {
  /**
   * How bodies are read: `{ limitKb }` for {@link jsonBody} (in place of the
   * default express.json, whose errors quote the body), or a middleware of
   * the plugin's own.
   */
  body: { limitKb: number } | RequestHandler;
  /**
   * `false` when the spec only types the routes and the plugin's zod schemas
   * validate, after the permission check, so that a denied caller learns
   * nothing from a 400.
   */
  validateRequests?: false;
}

/**
 * A plugin's router typed by its OpenAPI spec, reading bodies as every
 * OpsSight API does, with the route guard its routes go through.
 */
export function createPluginRouter<T extends OpenApiSpec>(
  spec: T,
  options: PluginRouterOptions,
): RouteGuard & { router: ApiRouter<T> } {
  const { body, validateRequests } = options;
  const router = createValidatedOpenApiRouter<T>(spec, {
    middleware: [typeof body === 'function' ? body : jsonBody(body)],
    ...(validateRequests === false && {
      validatorOptions: { validateRequests },
    }),
  });
  return { router, ...createRouteGuard(options) };
}
