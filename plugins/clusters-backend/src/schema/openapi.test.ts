import { mockServices } from '@backstage/backend-test-utils';
import { readOpenApiYaml } from '@opssight/plugin-testing-node';
import express from 'express';
import { createRouter } from '../service/router';
import { spec } from './openapi.generated';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
};

describe('openapi.generated.ts', () => {
  it('matches openapi.yaml (run `yarn generate:openapi` after editing the YAML)', () => {
    expect(spec).toEqual(readOpenApiYaml(__dirname));
  });

  it('documents every route of the router, and the bulk runs’ routes mounted into it', async () => {
    const runs = express.Router();
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      store: {} as any,
      registry: {} as any,
      health: {} as any,
      vault: {} as any,
      apiUrlPolicy: {} as any,
      announce: async () => {},
      defaultOwner: 'group:default/platform-team',
      extraRoutes: runs,
    });
    const served = ((router as unknown as { stack: Layer[] }).stack ?? [])
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys(layer.route!.methods).map(
          m => `${m.toUpperCase()} ${layer.route!.path}`,
        ),
      )
      .filter(key => key !== 'GET /openapi.json');
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map(
        m => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    const runsRoutes = (key: string) => / \/(runs|snippets)(\/|$)/.test(key);
    expect(served.sort()).toEqual(
      documented.filter(k => !runsRoutes(k)).sort(),
    );
    expect(documented.filter(runsRoutes).sort()).toEqual(
      [
        'GET /runs',
        'POST /runs',
        'GET /runs/:id',
        'GET /runs/:id/events',
        'POST /runs/:id/cancel',
        'POST /runs/:id/rerun',
        'GET /snippets',
        'POST /snippets',
        'PUT /snippets/:id',
        'DELETE /snippets/:id',
      ].sort(),
    );
    // The runs' router sits inside, behind the shared middleware, where route
    // listings (the security matrix) find its routes.
    const layers = (
      router as unknown as { stack: Array<{ handle: { stack?: unknown } }> }
    ).stack;
    expect(layers.some(layer => layer.handle.stack === runs.stack)).toBe(true);
  });
});
