import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { readOpenApiYaml } from '@opssight/plugin-testing-node';
import { createAutomationParts } from '../service/parts';
import { AutomationRoutes, createRouter } from '../service/router';
import { spec } from './openapi.generated';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
};

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('openapi.generated.ts', () => {
  it('matches openapi.yaml (run `yarn generate:openapi` after editing the YAML)', () => {
    expect(spec).toEqual(readOpenApiYaml(__dirname));
  });

  it('documents every route the parts add, and nothing they do not', async () => {
    // The parts' routes as the plugin wires them, on services nobody calls.
    const knex = await databases.init('SQLITE_3');
    const deps = services({ getClient: async () => knex });
    const parts: AutomationRoutes[] = (await createAutomationParts(deps))
      .routes;
    const router = await createRouter({ ...deps, engine: {} as any }, parts);
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
    expect(served.sort()).toEqual(documented.sort());
  });
});

function services(database: object): any {
  return {
    config: mockServices.rootConfig({
      data: {
        vault: {
          keys: [{ id: 'k', secret: randomBytes(32).toString('base64') }],
        },
      },
    }),
    database,
    httpAuth: mockServices.httpAuth(),
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
    permissions: mockServices.permissions(),
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    scheduler: mockServices.scheduler.mock(),
    machines: {},
    vault: {},
    directories: {},
  };
}
