import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { automationManageOthersPermission } from '@opssight/plugin-automation-common';
import { createPluginRouter } from '@opssight/plugin-http-node';
import express from 'express';
import { spec } from '../schema/openapi.generated';
import { AutomationServices, RouteContext } from './context';

/** Adds one part's routes (projects, inventories, …) to the plugin's router. */
export type AutomationRoutes = (context: RouteContext) => Promise<void> | void;

/**
 * The automation API: the plugin router typed by openapi.yaml, with each
 * part's routes added in order.
 */
export async function createRouter(
  services: AutomationServices,
  parts: AutomationRoutes[],
): Promise<express.Router> {
  const { router, ...guard } = createPluginRouter(spec, {
    ...services,
    body: { limitKb: 4096 },
    validateRequests: false,
  });
  const context: RouteContext = {
    ...services,
    router,
    guard,
    async mayActOnOthers(credentials) {
      const [decision] = await services.permissions.authorize(
        [{ permission: automationManageOthersPermission }],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    },
  };
  for (const addRoutes of parts) await addRoutes(context);
  return router;
}
